package dev.revenant.core.store;

/**
 * Where durable data lives. An empty {@code url} means the embedded H2 database under the data directory;
 * a {@code jdbc:postgresql:} URL switches to PostgreSQL.
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, long connectTimeoutMillis) {
    public static DatabaseConfig embedded() {
        return new DatabaseConfig("", "", "", 8, 3000);
    }

    public DatabaseConfig {
        url = url == null ? "" : url;
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize <= 0) {
            throw new IllegalArgumentException("poolSize must be positive, not " + poolSize);
        }
        if (connectTimeoutMillis < 250) {
            throw new IllegalArgumentException("connectTimeoutMillis must be at least 250, not " + connectTimeoutMillis);
        }
    }

    @Override
    public String toString() {
        // never print the password
        return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
