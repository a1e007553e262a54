package dev.revenant.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
    @ParameterizedTest
    @CsvSource({
        "/health,/health,true", "/health,/health/,true", "/health,/health/x,true", "/health,/healthz,false",
        "/api/users/,/api/users/bob,true", "/api/users/,/api/users,false", "/,/anything,true", "/a,/,false",
    })
    void aPrefixCoversWholeSegments(String prefix, String path, boolean covered) {
        assertThat(RouteTable.covers(prefix, path)).isEqualTo(covered);
    }

    @ParameterizedTest
    @CsvSource({"/api/users/,/api/users/bob,bob", "/api/users,/api/users/bob/rooms,bob/rooms", "/health,/health,''"})
    void theRestIsWhatFollowsThePrefix(String prefix, String path, String rest) {
        assertThat(RouteTable.rest(prefix, path)).isEqualTo(rest);
    }
}
