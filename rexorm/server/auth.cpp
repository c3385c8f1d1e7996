#include <rexorm/server/auth.h>

#include <rexorm/error.h>

#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMessageAuthenticationCode>

#include <algorithm>

namespace RexOrm {

namespace {

// Compares without an early exit, so the time taken says nothing about where a guess differs.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

std::optional<QByteArray> base64UrlDecode(QByteArrayView text)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                                QByteArray::AbortOnBase64DecodingErrors);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<QJsonObject> jsonObject(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A claim by name, or by a dotted path into nested objects when no claim has the whole name.
QVariant claimValue(const QVariantMap &claims, const QString &name)
{
    if (claims.contains(name))
        return claims.value(name);
    QVariant value = QVariant(claims);
    for (const QString &part : name.split(u'.')) {
        if (value.typeId() != QMetaType::QVariantMap)
            return {};
        const QVariantMap object = value.toMap();
        if (!object.contains(part))
            return {};
        value = object.value(part);
    }
    return value;
}

// Replaces "$claims.<name>" strings in a where filter. False when a named claim is missing.
bool substituteClaims(QVariant &value, const QVariantMap &claims)
{
    if (value.typeId() == QMetaType::QVariantMap) {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!substituteClaims(it.value(), claims))
                return false;
        }
        value = map;
    } else if (value.typeId() == QMetaType::QVariantList) {
        QVariantList list = value.toList();
        for (QVariant &item : list) {
            if (!substituteClaims(item, claims))
                return false;
        }
        value = list;
    } else if (value.typeId() == QMetaType::QString) {
        const QString text = value.toString();
        if (text.startsWith(QLatin1String("$claims."))) {
            const QVariant claim = claimValue(claims, text.mid(8));
            if (!claim.isValid() || claim.isNull())
                return false;
            value = claim;
        }
    }
    return true;
}

void substituteClaims(GraphQL::EntityAccess &access, const QVariantMap &claims)
{
    if (access.where.isEmpty())
        return;
    QVariant where = access.where;
    if (substituteClaims(where, claims)) {
        access.where = where.toMap();
    } else {
        // A filter that cannot be completed must not widen into no filter.
        access.read = false;
        access.write = false;
    }
}

GraphQL::EntityAccess entityAccessFromJson(const QJsonValue &value, const QString &keyPath)
{
    if (!value.isObject())
        throw ConfigError(QStringLiteral("%1 must be an object like {\"read\": true, \"write\": "
                                         "false, \"where\": {...}}")
                              .arg(keyPath));
    GraphQL::EntityAccess access;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = keyPath + u'.' + it.key();
        if (it.key() == u"read" || it.key() == u"write") {
            if (!it->isBool())
                throw ConfigError(QStringLiteral("%1 must be true or false").arg(key));
            (it.key() == u"read" ? access.read : access.write) = it->toBool();
        } else if (it.key() == u"where") {
            if (!it->isObject())
                throw ConfigError(QStringLiteral("%1 must be a filter object in the GraphQL "
                                                 "API's where language")
                                      .arg(key));
            access.where = it->toObject().toVariantMap();
        } else {
            throw ConfigError(
                QStringLiteral("Unknown key %1; accepted: read, write, where").arg(key));
        }
    }
    return access;
}

} // namespace

void AuthOptions::addApiKey(const QString &key, const QString &role)
{
    apiKeys.append({QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256), role});
}

void AuthOptions::addApiKeyHash(const QString &hexSha256, const QString &role)
{
    const QByteArray digest = QByteArray::fromHex(hexSha256.toLatin1());
    const bool hex = std::all_of(hexSha256.begin(), hexSha256.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
    if (!hex || digest.size() != 32)
        throw ConfigError(QStringLiteral("An API key hash must be 64 hex digits (the SHA-256 of "
                                         "the key, e.g. from `printf %s KEY | sha256sum`)"));
    apiKeys.append({digest, role});
}

GraphQL::Access AuthOptions::denyAll()
{
    GraphQL::Access access;
    access.defaults.read = false;
    access.defaults.write = false;
    return access;
}

GraphQL::Access AuthOptions::allowAll()
{
    return {};
}

GraphQL::Access AuthOptions::readOnly()
{
    GraphQL::Access access;
    access.defaults.write = false;
    return access;
}

GraphQL::Access AuthOptions::accessFromJson(const QJsonObject &object, const QString &keyPath)
{
    GraphQL::Access access;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = keyPath + u'.' + it.key();
        if (it.key() == u"default") {
            access.defaults = entityAccessFromJson(*it, key);
        } else if (it.key() == u"entities") {
            if (!it->isObject())
                throw ConfigError(
                    QStringLiteral("%1 must be an object of entity name -> access").arg(key));
            const QJsonObject entities = it->toObject();
            for (auto entity = entities.begin(); entity != entities.end(); ++entity)
                access.entities.insert(entity.key(),
                                       entityAccessFromJson(*entity, key + u'.' + entity.key()));
        } else {
            throw ConfigError(
                QStringLiteral("Unknown key %1; accepted: default, entities").arg(key));
        }
    }
    return access;
}

std::optional<GraphQL::Access> effectiveAnonymousAccess(const AuthOptions &options,
                                                        const QHostAddress &host)
{
    if (options.anonymous)
        return options.anonymous;
    if (host.isLoopback() && !options.credentialsConfigured())
        return AuthOptions::allowAll();
    return std::nullopt;
}

Authenticator::Authenticator(AuthOptions options, const QHostAddress &listenAddress)
    : m_options(std::move(options)), m_anonymous(effectiveAnonymousAccess(m_options, listenAddress))
{}

AuthResult
Authenticator::authenticate(const QList<std::pair<QByteArray, QByteArray>> &headers) const
{
    QByteArray authorization;
    QByteArray apiKey;
    int authorizationCount = 0;
    int apiKeyCount = 0;
    for (const auto &[name, value] : headers) {
        if (name == "authorization") {
            authorization = value;
            ++authorizationCount;
        } else if (name == "x-api-key") {
            apiKey = value;
            ++apiKeyCount;
        }
    }
    AuthResult invalid;
    invalid.status = AuthResult::Status::Invalid;
    if (authorizationCount + apiKeyCount > 1) {
        invalid.error = QStringLiteral("Send one credential: one Authorization or X-API-Key "
                                       "header.");
        return invalid;
    }
    if (apiKeyCount == 1)
        return fromApiKey(apiKey.trimmed());
    if (authorizationCount == 0)
        return anonymousResult();
    const QByteArray value = authorization.trimmed();
    const qsizetype space = value.indexOf(' ');
    if (space <= 0 || value.first(space).compare("bearer", Qt::CaseInsensitive) != 0) {
        invalid.error = QStringLiteral("Use Authorization: Bearer <token or API key>.");
        return invalid;
    }
    return authenticateToken(QString::fromLatin1(value.sliced(space + 1).trimmed()));
}

AuthResult Authenticator::authenticateToken(const QString &token) const
{
    QString text = token.trimmed();
    if (text.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        text = text.mid(7).trimmed();
    if (text.isEmpty())
        return anonymousResult();
    const QByteArray bytes = text.toUtf8();
    // A JWT is three base64url parts joined by dots; API keys are anything else.
    if (bytes.count('.') == 2)
        return fromJwt(bytes);
    return fromApiKey(bytes);
}

QByteArray Authenticator::challenge(const AuthResult &result)
{
    QByteArray value = QByteArrayLiteral("Bearer realm=\"rexorm\"");
    if (result.status == AuthResult::Status::Invalid)
        value += QByteArrayLiteral(", error=\"invalid_token\"");
    return value;
}

AuthResult Authenticator::anonymousResult() const
{
    AuthResult result;
    // An anonymous policy that allows nothing ("none") means: credentials required (401), not
    // an identity that may connect and then read nothing.
    const auto allowsNothing = [](const GraphQL::Access &access) {
        return !access.defaults.read &&
               std::none_of(access.entities.begin(), access.entities.end(),
                            [](const GraphQL::EntityAccess &e) { return e.read; });
    };
    if (!m_anonymous || allowsNothing(*m_anonymous)) {
        result.status = AuthResult::Status::Required;
        result.error = QStringLiteral("This server needs credentials: send Authorization: Bearer "
                                      "<token or API key>, or X-API-Key.");
        return result;
    }
    result.status = AuthResult::Status::Ok;
    result.principal.access = *m_anonymous;
    return result;
}

AuthResult Authenticator::fromApiKey(QByteArrayView key) const
{
    const QByteArray digest = QCryptographicHash::hash(key, QCryptographicHash::Sha256);
    const AuthOptions::ApiKey *found = nullptr;
    for (const AuthOptions::ApiKey &candidate : m_options.apiKeys) {
        // Every key is compared, matched or not.
        if (constantTimeEquals(candidate.sha256, digest) && !found)
            found = &candidate;
    }
    if (!found) {
        AuthResult result;
        result.status = AuthResult::Status::Invalid;
        result.error = QStringLiteral("The API key is not valid.");
        return result;
    }
    Principal principal;
    principal.method = Principal::Method::ApiKey;
    principal.role = found->role;
    principal.claims.insert(QStringLiteral("role"), found->role);
    return forRole(std::move(principal));
}

AuthResult Authenticator::fromJwt(QByteArrayView token) const
{
    AuthResult invalid;
    invalid.status = AuthResult::Status::Invalid;
    const auto fail = [&invalid](const QString &why) {
        invalid.error = QStringLiteral("The token is not valid: %1.").arg(why);
        return invalid;
    };
    if (m_options.jwtSecret.isEmpty())
        return fail(QStringLiteral("this server accepts no JSON Web Tokens"));
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = token.indexOf('.', firstDot + 1);
    const QByteArrayView headerPart = token.first(firstDot);
    const QByteArrayView payloadPart = token.sliced(firstDot + 1, secondDot - firstDot - 1);
    const QByteArrayView signaturePart = token.sliced(secondDot + 1);

    const std::optional<QByteArray> headerBytes = base64UrlDecode(headerPart);
    const std::optional<QJsonObject> header = headerBytes ? jsonObject(*headerBytes) : std::nullopt;
    if (!header)
        return fail(QStringLiteral("its header is not base64url-encoded JSON"));
    // Exactly HS256: never "none", never another algorithm the client picked.
    if (header->value(QLatin1String("alg")).toString() != u"HS256")
        return fail(QStringLiteral("only the HS256 algorithm is accepted"));
    if (header->contains(QLatin1String("crit")))
        return fail(QStringLiteral("it has critical header parameters this server does not know"));

    const std::optional<QByteArray> signature = base64UrlDecode(signaturePart);
    const QByteArray expected = QMessageAuthenticationCode::hash(
        token.first(secondDot).toByteArray(), m_options.jwtSecret, QCryptographicHash::Sha256);
    if (!signature || !constantTimeEquals(*signature, expected))
        return fail(QStringLiteral("the signature does not match"));

    const std::optional<QByteArray> payloadBytes = base64UrlDecode(payloadPart);
    const std::optional<QJsonObject> payload =
        payloadBytes ? jsonObject(*payloadBytes) : std::nullopt;
    if (!payload)
        return fail(QStringLiteral("its payload is not a JSON object"));

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 skew = m_options.clockSkew.count();
    Principal principal;
    principal.method = Principal::Method::Jwt;
    const QJsonValue exp = payload->value(QLatin1String("exp"));
    if (exp.isDouble()) {
        const qint64 expires = qint64(std::clamp(exp.toDouble(), -1e12, 1e12)); // no overflow
        if (now >= expires + skew)
            return fail(QStringLiteral("it has expired"));
        principal.expiresAt = QDateTime::fromSecsSinceEpoch(expires + skew, Qt::UTC);
    } else if (!exp.isUndefined()) {
        return fail(QStringLiteral("\"exp\" is not a number"));
    } else if (m_options.jwtRequireExp) {
        return fail(QStringLiteral("it has no expiry (\"exp\")"));
    }
    const QJsonValue nbf = payload->value(QLatin1String("nbf"));
    if (!nbf.isUndefined() &&
        (!nbf.isDouble() || now + skew < qint64(std::clamp(nbf.toDouble(), -1e12, 1e12))))
        return fail(QStringLiteral("it is not valid yet (\"nbf\")"));
    if (!m_options.jwtIssuer.isEmpty() &&
        payload->value(QLatin1String("iss")).toString() != m_options.jwtIssuer)
        return fail(QStringLiteral("it was issued by someone else (\"iss\")"));
    if (!m_options.jwtAudience.isEmpty()) {
        const QJsonValue aud = payload->value(QLatin1String("aud"));
        const bool matches = aud.isArray()
                                 ? aud.toArray().contains(QJsonValue(m_options.jwtAudience))
                                 : aud.toString() == m_options.jwtAudience;
        if (!matches)
            return fail(QStringLiteral("it is meant for another audience (\"aud\")"));
    }

    principal.claims = payload->toVariantMap();
    principal.subject = payload->value(QLatin1String("sub")).toString();
    const QVariant role = claimValue(principal.claims, m_options.jwtRoleClaim);
    if (role.typeId() == QMetaType::QString && !role.toString().isEmpty())
        principal.role = role.toString();
    else if (!role.isValid() || role.isNull())
        principal.role = m_options.jwtDefaultRole;
    if (principal.role.isEmpty())
        return fail(QStringLiteral("it names no role (claim \"%1\")").arg(m_options.jwtRoleClaim));
    return forRole(std::move(principal));
}

AuthResult Authenticator::forRole(Principal principal) const
{
    AuthResult result;
    const auto role = m_options.roles.constFind(principal.role);
    if (role == m_options.roles.constEnd()) {
        result.status = AuthResult::Status::Forbidden;
        result.error = QStringLiteral("The role \"%1\" has no permissions on this server.")
                           .arg(principal.role);
        return result;
    }
    principal.access = *role;
    substituteClaims(principal.access.defaults, principal.claims);
    for (GraphQL::EntityAccess &entity : principal.access.entities)
        substituteClaims(entity, principal.claims);
    result.status = AuthResult::Status::Ok;
    result.principal = std::move(principal);
    return result;
}

} // namespace RexOrm
