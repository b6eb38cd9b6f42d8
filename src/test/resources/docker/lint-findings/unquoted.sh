#!/usr/bin/env bash
# A known ShellCheck finding (SC2086, unquoted expansion) for DockerLintTest.
rm -rf $1
