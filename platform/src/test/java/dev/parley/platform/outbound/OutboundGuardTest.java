package dev.parley.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.platform.problem.ProblemException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {

    static OutboundConfig config(boolean allowLoopback) {
        return new OutboundConfig() {
            public boolean allowLoopback() {
                return allowLoopback;
            }

            public boolean allowPrivate() {
                return false;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            public int maxResponseBytes() {
                return 1024;
            }

            public int maxConnectionsPerHost() {
                return 8;
            }
        };
    }

    final OutboundGuard guard = new OutboundGuard(config(false));

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://localhost:8081/v1/bots", "http://[::1]/", "http://127.9.9.9/",
            "http://10.0.0.8/", "http://172.16.4.2/", "http://172.31.255.255/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
            "http://0.0.0.0/", "http://[::]/", "http://100.64.0.1/", "http://198.18.0.1/", "http://255.255.255.255/",
            "http://224.0.0.1/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[ff02::1]/",
            // IPv6 spellings of IPv4 addresses
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:169.254.169.254]/", "http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::]/",
            // odd IPv4 spellings
            "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://127.1/",
            "http://127.0.1/", "http://017700000001/",
            // not http(s), credentials, garbage
            "ftp://93.184.216.34/", "file:///etc/passwd", "gopher://93.184.216.34/", "http://user:pw@93.184.216.34/",
            "http:///nohost", "not a url", "", "http://no-such-host.invalid/"})
    void refuses(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(OutboundRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/", "https://8.8.8.8/dns-query?x=1", "https://[2606:4700:4700::1111]/",
            "http://[::ffff:93.184.216.34]/"})
    void acceptsPublicAddresses(String url) {
        OutboundGuard.Target target = guard.check(url);
        assertThat(target.address().isLoopbackAddress()).isFalse();
    }

    @Test
    void pinsTheCheckedAddressAndKeepsTheRequestLine() {
        OutboundGuard.Target target = guard.check("https://8.8.8.8:8443/a/b?c=d");
        assertThat(target.address().getHostAddress()).isEqualTo("8.8.8.8");
        assertThat(target.port()).isEqualTo(8443);
        assertThat(target.https()).isTrue();
        assertThat(target.requestUri()).isEqualTo("/a/b?c=d");
    }

    @Test
    void whitespaceAroundAUrlIsIgnoredButAControlCharacterAtEitherEndIsRefusedAndANulAnywhereIsAnInvalidCharacter() {
        assertThat(guard.check("  https://8.8.8.8/a\t").requestUri()).isEqualTo("/a");
        for (String url : new String[] {"https://8.8.8.8/a\u0001", "\u0001https://8.8.8.8/a", "https://8.8.8.8/a\u0008"}) {
            assertThatThrownBy(() -> guard.check(url)).isInstanceOf(OutboundRefusedException.class)
                    .hasMessage("is not a valid URL");
        }
        for (String url : new String[] {"https://8.8.8.8/a\u0000", "\u0000https://8.8.8.8/a", "https://8.8.8.8/a\u0000b"}) {
            assertThatThrownBy(() -> guard.check(url)).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).code()).isEqualTo("INVALID_CHARACTER");
        }
    }

    @Test
    void explainsWhy() {
        assertThatThrownBy(() -> guard.check("http://[::ffff:169.254.169.254]/"))
                .hasMessageContaining("cloud metadata address");
        assertThatThrownBy(() -> guard.check("http://10.0.0.1/")).hasMessageContaining("private");
        assertThatThrownBy(() -> guard.check("http://127.1/")).hasMessageContaining("unusual form");
    }

    @Test
    void loopbackOnlyByExplicitConfiguration() {
        OutboundGuard testing = new OutboundGuard(config(true));
        assertThat(testing.check("http://127.0.0.1:9999/").port()).isEqualTo(9999);
        assertThatThrownBy(() -> testing.check("http://10.0.0.1/")).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> testing.check("http://169.254.169.254/")).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void ordinaryHostnamesAreNotMistakenForOddIpSpellings() {
        assertThat(OutboundGuard.isUnusualIpv4Spelling("cafe.be")).isFalse();
        assertThat(OutboundGuard.isUnusualIpv4Spelling("api.openai.com")).isFalse();
        assertThat(OutboundGuard.isUnusualIpv4Spelling("8.8.8.8")).isFalse();
        assertThat(OutboundGuard.isUnusualIpv4Spelling("1e100.net")).isFalse();
    }
}
