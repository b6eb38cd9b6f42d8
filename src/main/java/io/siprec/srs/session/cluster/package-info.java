/**
 * The cluster protocol between recording servers that share a broker: the news a node publishes
 * (heartbeats, sessions it holds) through a {@link io.siprec.srs.session.cluster.ClusterChannel},
 * and {@link io.siprec.srs.session.cluster.NodeWatch}, which ends the sessions of a node that went
 * silent. Uses the core; the core does not use it.
 */
package io.siprec.srs.session.cluster;
