package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A broker URL goes into the log with its passwords masked, and nothing else changed. */
class BrokerUrlTest {

  @Test
  void passwordParametersAreMaskedWhereverTheyStand() {
    assertThat(
            BrokerUrl.redacted(
                "tcp://mq1:61617?sslEnabled=true&trustStorePath=/etc/srs/trust.p12"
                    + "&trustStorePassword=s3cret&verifyHost=true"))
        .isEqualTo(
            "tcp://mq1:61617?sslEnabled=true&trustStorePath=/etc/srs/trust.p12&trustStorePassword=***"
                + "&verifyHost=true");
    assertThat(
            BrokerUrl.redacted(
                "(tcp://a:61616?keyStorePassword=k1,tcp://b:61616)?ha=true;PASSWORD=p2"))
        .isEqualTo("(tcp://a:61616?keyStorePassword=***,tcp://b:61616)?ha=true;PASSWORD=***");
  }

  @Test
  void aUrlWithoutPasswordsIsShownAsItIs() {
    String url = "(tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)?ha=true&retryInterval=200";
    assertThat(BrokerUrl.redacted(url)).isEqualTo(url);
  }
}
