#pragma once

#include <rexorm/graphql/api.h>
#include <rexorm/server/global.h>

#include <QtCore/QByteArray>
#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtNetwork/QHostAddress>

#include <chrono>
#include <optional>
#include <utility>

namespace RexOrm {

// Who may call the server, and what each caller may do. Callers present an API key or an HS256
// JSON Web Token; either names a role, and each role maps to a GraphQL::Access (per-entity read /
// write and a row filter). Callers without credentials get the anonymous policy. See
// docs/server.md.
struct REXORM_SERVER_EXPORT AuthOptions
{
    struct ApiKey
    {
        QByteArray sha256; // the SHA-256 digest of the key (32 bytes): keys are never kept in clear
        QString role;
    };
    QList<ApiKey> apiKeys;
    // Adds a key given in clear, or as the hex SHA-256 digest (64 hex digits) of the key.
    void addApiKey(const QString &key, const QString &role);
    void addApiKeyHash(const QString &hexSha256, const QString &role); // throws ConfigError

    // JWT (HS256 only): the shared secret; empty turns JWT off.
    QByteArray jwtSecret;
    QString jwtRoleClaim = QStringLiteral("role"); // a dotted path works: "https://x/claims.role"
    QString jwtDefaultRole; // for tokens without the role claim; empty: such tokens are refused
    bool jwtRequireExp = true;
    QString jwtIssuer;                  // when set, "iss" must equal it
    QString jwtAudience;                // when set, "aud" (a string or an array) must contain it
    std::chrono::seconds clockSkew{30}; // tolerance on exp and nbf

    // Role name -> what the role may do. A where filter may use "$claims.<name>" string values,
    // replaced by the token's claims (an API key's principal has the claim "role" only).
    QHash<QString, GraphQL::Access> roles;

    // What callers without credentials may do. Unset: everything when the server listens on
    // loopback and no API key or JWT secret is configured (a local development server), nothing
    // otherwise, so that a server reachable from other machines needs credentials by default.
    std::optional<GraphQL::Access> anonymous;

    // Whether /metrics needs credentials (any valid key or token). /health, /healthz and /readyz
    // never do: load balancers and orchestrators probe them.
    bool metricsRequireAuth = false;

    bool credentialsConfigured() const { return !apiKeys.isEmpty() || !jwtSecret.isEmpty(); }

    // Access that allows nothing / everything.
    static GraphQL::Access denyAll();
    static GraphQL::Access allowAll();
    static GraphQL::Access readOnly();
    // An Access from JSON: {"default": {"read": true, "write": false, "where": {...}},
    // "entities": {"Post": {...}}}. Throws ConfigError naming keyPath and the bad key.
    static GraphQL::Access accessFromJson(const QJsonObject &object, const QString &keyPath);
};

// The anonymous policy in effect for a server listening on host (see AuthOptions::anonymous);
// nullopt: anonymous callers get 401.
REXORM_SERVER_EXPORT std::optional<GraphQL::Access>
effectiveAnonymousAccess(const AuthOptions &options, const QHostAddress &host);

// The caller of one request or WebSocket connection.
struct REXORM_SERVER_EXPORT Principal
{
    enum class Method { Anonymous, ApiKey, Jwt };
    Method method = Method::Anonymous;
    QString role;    // empty for anonymous callers
    QString subject; // the token's "sub", when it has one
    GraphQL::Access access;
    QDateTime expiresAt; // "exp" plus the clock skew (UTC); invalid: never expires
    QVariantMap claims;  // the token's claims (JWT), {"role": ...} for an API key

    bool isAnonymous() const { return method == Method::Anonymous; }
    bool hasExpired(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return expiresAt.isValid() && now >= expiresAt;
    }
};

struct REXORM_SERVER_EXPORT AuthResult
{
    enum class Status {
        Ok,        // principal is the caller (perhaps anonymous)
        Required,  // no credentials, and anonymous callers may not call: HTTP 401
        Invalid,   // credentials given but wrong, expired, malformed: HTTP 401
        Forbidden, // valid credentials whose role has no permissions configured: HTTP 403
    };
    Status status = Status::Required;
    Principal principal;
    QString error; // for the client; never contains the credentials

    bool ok() const { return status == Status::Ok; }
};

// Checks credentials against AuthOptions. Thread-safe (const); the HTTP server and the
// WebSocket transports share one.
class REXORM_SERVER_EXPORT Authenticator
{
public:
    Authenticator(AuthOptions options, const QHostAddress &listenAddress);

    const AuthOptions &options() const { return m_options; }
    const std::optional<GraphQL::Access> &anonymousAccess() const { return m_anonymous; }

    // From HTTP headers (names in lower case): "Authorization: Bearer <jwt or API key>" or
    // "X-API-Key: <key>"; neither: the anonymous policy.
    AuthResult authenticate(const QList<std::pair<QByteArray, QByteArray>> &headers) const;
    // From a bare token (a WebSocket connection_init / auth payload): a JWT or an API key, with
    // or without a "Bearer " prefix; empty: the anonymous policy.
    AuthResult authenticateToken(const QString &token) const;

    // The value of the WWW-Authenticate header for a 401 of that result.
    static QByteArray challenge(const AuthResult &result);

private:
    AuthResult anonymousResult() const;
    AuthResult fromApiKey(QByteArrayView key) const;
    AuthResult fromJwt(QByteArrayView token) const;
    AuthResult forRole(Principal principal) const;

    AuthOptions m_options;
    std::optional<GraphQL::Access> m_anonymous;
};

} // namespace RexOrm
