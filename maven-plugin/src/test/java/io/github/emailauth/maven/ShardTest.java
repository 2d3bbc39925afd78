package io.github.emailauth.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardTest {

  @Test
  void parsesIndexAndCount() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4"));
    assertEquals(new Shard(1, 1), Shard.parse(" 1 / 1 "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "3", "0/4", "5/4", "1/0", "a/b", "1/2/3", "-1/4", "1/", "/4"})
  void rejectsMalformedShards(String text) {
    assertThrows(IllegalArgumentException.class, () -> Shard.parse(text));
  }

  @Test
  void everyDomainFallsInExactlyOneShard() {
    int n = 5;
    List<Shard> shards = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      shards.add(new Shard(i, n));
    }
    Map<Integer, Integer> sizes = new HashMap<>();
    for (int d = 0; d < 1000; d++) {
      String domain = "d" + d + ".example";
      int hits = 0;
      for (Shard s : shards) {
        if (s.includes(domain)) {
          hits++;
          sizes.merge(s.index(), 1, Integer::sum);
        }
      }
      assertEquals(1, hits, domain);
    }
    // a hash, not a counter: every slice gets a fair share of 1000 names
    for (int i = 1; i <= n; i++) {
      int size = sizes.getOrDefault(i, 0);
      assertTrue(size > 150 && size < 250, "shard " + i + " has " + size);
    }
  }

  @Test
  void caseAndTrailingDotDoNotMoveADomain() {
    for (int n = 1; n <= 7; n++) {
      assertEquals(Shard.bucket("example.com", n), Shard.bucket("Example.COM.", n));
    }
  }

  @Test
  void bucketIsTheDocumentedSha256Prefix() throws Exception {
    // docs/goals.md: first 8 bytes of SHA-256("example.com"), unsigned, modulo n
    byte[] h =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.math.BigInteger prefix = new java.math.BigInteger(1, java.util.Arrays.copyOf(h, 8));
    for (int n = 1; n <= 9; n++) {
      assertEquals(
          prefix.mod(java.math.BigInteger.valueOf(n)).intValue(), Shard.bucket("example.com", n));
    }
  }
}
