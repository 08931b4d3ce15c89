package org.bihuan.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

/**
 * Trusted event sources. Kafka authenticates each unit's producer (SASL/SCRAM or mTLS, one principal
 * per unit, ACLs allowing WRITE on the inbound topics) but does not tell consumers who produced a
 * record. So each unit signs its records: header {@code bihuan-signature} carries
 * {@code base64(HMAC-SHA256(unit secret, record value))}, verified with the secret of the unit named
 * in the event's {@code source}. A record signed by another unit, or unsigned where signatures are
 * required, is refused as "source-not-authorised".
 */
@Component
class SourceSignatures {

  static final String HEADER = "bihuan-signature";

  private final Map<String, String> secrets;
  private final boolean required;

  SourceSignatures(EventsProperties properties) {
    this.secrets = properties.unitSecrets();
    this.required = properties.requireSignatures();
  }

  void verify(ConsumerRecord<String, String> record, String unitCode) {
    Header header = record.headers().lastHeader(HEADER);
    if (header == null) {
      if (required) {
        throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "record of " + unitCode + " is not signed");
      }
      return;
    }
    String secret = secrets.get(unitCode);
    if (secret == null) {
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "no signing secret configured for unit " + unitCode);
    }
    byte[] expected = sign(secret, record.value());
    byte[] given;
    try {
      given = Base64.getDecoder().decode(new String(header.value(), StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "signature is not base64");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "signature does not match unit " + unitCode);
    }
  }

  static byte[] sign(String secret, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
