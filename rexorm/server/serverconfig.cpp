#include <rexorm/server/serverconfig.h>

#include <rexorm/error.h>

#include <QtCore/QFile>
#include <QtCore/QJsonArray>

namespace RexOrm {

namespace {

// Reads one object's keys, checking each one's type and refusing keys it does not know.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path) : m_object(object), m_path(std::move(path)) {}

    QString key(const QString &name) const { return m_path + u'.' + name; }
    bool has(const char *name) const { return m_object.contains(QLatin1String(name)); }
    QJsonValue value(const char *name) const { return m_object.value(QLatin1String(name)); }

    void allow(std::initializer_list<const char *> names) const
    {
        QStringList known;
        for (const char *name : names)
            known << QLatin1String(name);
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!known.contains(it.key()))
                throw ConfigError(QStringLiteral("Unknown configuration key %1; accepted here: %2")
                                      .arg(key(it.key()), known.join(QStringLiteral(", "))));
        }
    }
    [[noreturn]] void fail(const char *name, const QString &expected) const
    {
        throw ConfigError(QStringLiteral("Configuration key %1 must be %2")
                              .arg(key(QLatin1String(name)), expected));
    }

    void read(const char *name, QString &target) const
    {
        if (!has(name))
            return;
        if (!value(name).isString())
            fail(name, QStringLiteral("a string"));
        target = value(name).toString();
    }
    void read(const char *name, bool &target) const
    {
        if (!has(name))
            return;
        if (!value(name).isBool())
            fail(name, QStringLiteral("true or false"));
        target = value(name).toBool();
    }
    template<typename Int>
    void read(const char *name, Int &target, qint64 minimum, qint64 maximum) const
    {
        if (!has(name))
            return;
        const QJsonValue v = value(name);
        const double number = v.toDouble();
        if (!v.isDouble() || number != double(qint64(number)) || number < double(minimum) ||
            number > double(maximum))
            fail(name, QStringLiteral("a whole number from %1 to %2").arg(minimum).arg(maximum));
        target = Int(qint64(number));
    }
    void read(const char *name, std::chrono::milliseconds &target, qint64 minimum = 1) const
    {
        qint64 ms = target.count();
        read(name, ms, minimum, qint64(24) * 3600 * 1000);
        target = std::chrono::milliseconds(ms);
    }
    void read(const char *name, QStringList &target) const
    {
        if (!has(name))
            return;
        const QJsonValue v = value(name);
        if (v.isString()) {
            target = {v.toString()};
            return;
        }
        if (!v.isArray())
            fail(name, QStringLiteral("a string or an array of strings"));
        QStringList list;
        for (const QJsonValue item : v.toArray()) {
            if (!item.isString())
                fail(name, QStringLiteral("a string or an array of strings"));
            list << item.toString();
        }
        target = list;
    }
    Reader object(const char *name) const
    {
        if (has(name) && !value(name).isObject())
            fail(name, QStringLiteral("an object"));
        return Reader(value(name).toObject(), key(QLatin1String(name)));
    }
    const QJsonObject &json() const { return m_object; }
    const QString &path() const { return m_path; }

private:
    QJsonObject m_object;
    QString m_path;
};

QByteArray readSecretFile(const QString &path, const QString &key)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError(
            QStringLiteral("%1: cannot read %2: %3").arg(key, path, file.errorString()));
    QByteArray secret = file.readAll();
    while (secret.endsWith('\n') || secret.endsWith('\r'))
        secret.chop(1);
    if (secret.isEmpty())
        throw ConfigError(QStringLiteral("%1: the file %2 is empty").arg(key, path));
    return secret;
}

std::optional<GraphQL::Access> anonymousFromJson(const QJsonValue &value, const QString &key)
{
    if (value.isString()) {
        const QString name = value.toString();
        if (name == u"none")
            return AuthOptions::denyAll();
        if (name == u"read")
            return AuthOptions::readOnly();
        if (name == u"all")
            return AuthOptions::allowAll();
    } else if (value.isObject()) {
        return AuthOptions::accessFromJson(value.toObject(), key);
    } else if (value.isNull()) {
        return std::nullopt; // the default policy
    }
    throw ConfigError(QStringLiteral("Configuration key %1 must be \"none\", \"read\", \"all\", "
                                     "null (the default policy) or an access object")
                          .arg(key));
}

void applyAuth(AuthOptions &auth, const Reader &reader, const QDir &baseDir)
{
    reader.allow({"apiKeys", "jwt", "roles", "anonymous", "metricsRequireAuth"});
    reader.read("metricsRequireAuth", auth.metricsRequireAuth);
    if (reader.has("apiKeys")) {
        const QString key = reader.key(QStringLiteral("apiKeys"));
        if (!reader.value("apiKeys").isArray())
            throw ConfigError(QStringLiteral("Configuration key %1 must be an array of {\"role\", "
                                             "\"key\" or \"sha256\"}")
                                  .arg(key));
        auth.apiKeys.clear();
        const QJsonArray keys = reader.value("apiKeys").toArray();
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const QString itemKey = QStringLiteral("%1[%2]").arg(key).arg(i);
            if (!keys[i].isObject())
                throw ConfigError(
                    QStringLiteral("Configuration key %1 must be an object").arg(itemKey));
            const Reader item(keys[i].toObject(), itemKey);
            item.allow({"role", "key", "sha256"});
            QString role, clear, hash;
            item.read("role", role);
            item.read("key", clear);
            item.read("sha256", hash);
            if (role.isEmpty())
                item.fail("role", QStringLiteral("the name of a role"));
            if (clear.isEmpty() == hash.isEmpty())
                throw ConfigError(QStringLiteral("Configuration key %1 needs one of \"key\" or "
                                                 "\"sha256\"")
                                      .arg(itemKey));
            if (!clear.isEmpty()) {
                auth.addApiKey(clear, role);
            } else {
                try {
                    auth.addApiKeyHash(hash, role);
                } catch (const ConfigError &error) {
                    throw ConfigError(item.key(QStringLiteral("sha256")) + QStringLiteral(": ") +
                                      error.message());
                }
            }
        }
    }
    if (reader.has("jwt")) {
        const Reader jwt = reader.object("jwt");
        jwt.allow({"secret", "secretFile", "roleClaim", "defaultRole", "requireExp", "issuer",
                   "audience", "clockSkew"});
        if (jwt.has("secret") && jwt.has("secretFile"))
            throw ConfigError(
                QStringLiteral("%1 takes one of \"secret\" and \"secretFile\"").arg(jwt.path()));
        QString secret, secretFile;
        jwt.read("secret", secret);
        jwt.read("secretFile", secretFile);
        if (jwt.has("secret")) {
            if (secret.size() < 32)
                jwt.fail("secret", QStringLiteral("at least 32 characters long"));
            auth.jwtSecret = secret.toUtf8();
        }
        if (!secretFile.isEmpty())
            auth.jwtSecret = readSecretFile(baseDir.absoluteFilePath(secretFile),
                                            jwt.key(QStringLiteral("secretFile")));
        jwt.read("roleClaim", auth.jwtRoleClaim);
        jwt.read("defaultRole", auth.jwtDefaultRole);
        jwt.read("requireExp", auth.jwtRequireExp);
        jwt.read("issuer", auth.jwtIssuer);
        jwt.read("audience", auth.jwtAudience);
        qint64 skew = auth.clockSkew.count();
        jwt.read("clockSkew", skew, 0, 3600);
        auth.clockSkew = std::chrono::seconds(skew);
    }
    if (reader.has("roles")) {
        const Reader roles = reader.object("roles");
        auth.roles.clear();
        for (auto it = roles.json().begin(); it != roles.json().end(); ++it) {
            if (!it->isObject())
                throw ConfigError(QStringLiteral("Configuration key %1 must be an access object")
                                      .arg(roles.key(it.key())));
            auth.roles.insert(it.key(),
                              AuthOptions::accessFromJson(it->toObject(), roles.key(it.key())));
        }
    }
    if (reader.has("anonymous"))
        auth.anonymous =
            anonymousFromJson(reader.value("anonymous"), reader.key(QStringLiteral("anonymous")));
}

QString accessLogName(ServerOptions::AccessLog log)
{
    switch (log) {
    case ServerOptions::AccessLog::Off:
        return QStringLiteral("off");
    case ServerOptions::AccessLog::Text:
        return QStringLiteral("text");
    case ServerOptions::AccessLog::Json:
        return QStringLiteral("json");
    }
    return {};
}

QJsonObject entityAccessJson(const GraphQL::EntityAccess &access)
{
    QJsonObject object{{QStringLiteral("read"), access.read},
                       {QStringLiteral("write"), access.write}};
    if (!access.where.isEmpty())
        object.insert(QStringLiteral("where"), QJsonObject::fromVariantMap(access.where));
    return object;
}

QJsonObject accessJson(const GraphQL::Access &access)
{
    QJsonObject entities;
    for (auto it = access.entities.begin(); it != access.entities.end(); ++it)
        entities.insert(it.key(), entityAccessJson(it.value()));
    QJsonObject object{{QStringLiteral("default"), entityAccessJson(access.defaults)}};
    if (!entities.isEmpty())
        object.insert(QStringLiteral("entities"), entities);
    return object;
}

// One environment variable: where it goes in the "server" section, and its JSON type.
enum class Kind { String, Integer, Boolean, List, Anonymous };
struct Variable
{
    const char *name;
    QStringList path;
    Kind kind;
};

} // namespace

void ServerConfig::applyJson(const QJsonObject &object, const QDir &baseDir, const QString &keyPath)
{
    const Reader reader(object, keyPath);
    reader.allow({"host", "port", "path", "cors", "allowedHosts", "tls", "limits", "playground",
                  "introspection", "statementTimeout", "shutdownGrace", "accessLog", "metrics",
                  "readinessTimeout", "auth"});
    if (reader.has("host")) {
        QString host;
        reader.read("host", host);
        if (!server.host.setAddress(host))
            reader.fail("host", QStringLiteral("an IP address (0.0.0.0 for every interface), not "
                                               "\"%1\"")
                                    .arg(host));
    }
    reader.read("port", server.port, 0, 65535);
    reader.read("path", server.path);
    reader.read("cors", server.corsOrigins);
    reader.read("allowedHosts", server.allowedHosts);
    if (reader.has("tls")) {
        const Reader tls = reader.object("tls");
        tls.allow({"certificate", "key"});
        QString certificate, key;
        tls.read("certificate", certificate);
        tls.read("key", key);
        if (!certificate.isEmpty())
            server.tlsCertificateFile = baseDir.absoluteFilePath(certificate);
        if (!key.isEmpty())
            server.tlsKeyFile = baseDir.absoluteFilePath(key);
    }
    if (reader.has("limits")) {
        const Reader limits = reader.object("limits");
        limits.allow({"maxBodyBytes", "maxHeaderBytes", "maxConnections", "maxConnectionsPerPeer",
                      "requestTimeout", "maxDocumentBytes", "maxDepth", "maxNodes"});
        limits.read("maxBodyBytes", server.maxBodyBytes, 0, qint64(1) << 40);
        limits.read("maxHeaderBytes", server.maxHeaderBytes, 1024, 1024 * 1024);
        limits.read("maxConnections", server.maxConnections, 1, 1000000);
        limits.read("maxConnectionsPerPeer", server.maxConnectionsPerPeer, 1, 1000000);
        limits.read("requestTimeout", server.requestTimeout);
        limits.read("maxDocumentBytes", service.maxDocumentBytes, 1, 64 * 1024 * 1024);
        limits.read("maxDepth", service.maxDepth, 1, 1000);
        limits.read("maxNodes", service.maxNodes, 1, 10000000);
    }
    reader.read("playground", server.playground);
    reader.read("introspection", service.introspection);
    reader.read("statementTimeout", statementTimeoutMs, 0, qint64(24) * 3600 * 1000);
    reader.read("shutdownGrace", shutdownGrace, 0);
    reader.read("readinessTimeout", server.readinessTimeout);
    if (reader.has("accessLog")) {
        QString log;
        reader.read("accessLog", log);
        if (log == u"off")
            server.accessLog = ServerOptions::AccessLog::Off;
        else if (log == u"text")
            server.accessLog = ServerOptions::AccessLog::Text;
        else if (log == u"json")
            server.accessLog = ServerOptions::AccessLog::Json;
        else
            reader.fail("accessLog", QStringLiteral("\"off\", \"text\" or \"json\""));
    }
    if (reader.has("metrics")) {
        const Reader metrics = reader.object("metrics");
        metrics.allow({"enabled", "requireAuth"});
        metrics.read("enabled", server.metrics);
        metrics.read("requireAuth", server.auth.metricsRequireAuth);
    }
    if (reader.has("auth"))
        applyAuth(server.auth, reader.object("auth"), baseDir);
}

void ServerConfig::applyEnvironment(const QProcessEnvironment &environment)
{
    static const std::vector<Variable> variables = {
        {"REXORM_SERVE_HOST", {QStringLiteral("host")}, Kind::String},
        {"REXORM_SERVE_PORT", {QStringLiteral("port")}, Kind::Integer},
        {"REXORM_SERVE_PATH", {QStringLiteral("path")}, Kind::String},
        {"REXORM_SERVE_CORS", {QStringLiteral("cors")}, Kind::List},
        {"REXORM_SERVE_ALLOWED_HOSTS", {QStringLiteral("allowedHosts")}, Kind::List},
        {"REXORM_SERVE_TLS_CERT",
         {QStringLiteral("tls"), QStringLiteral("certificate")},
         Kind::String},
        {"REXORM_SERVE_TLS_KEY", {QStringLiteral("tls"), QStringLiteral("key")}, Kind::String},
        {"REXORM_SERVE_MAX_BODY_BYTES",
         {QStringLiteral("limits"), QStringLiteral("maxBodyBytes")},
         Kind::Integer},
        {"REXORM_SERVE_MAX_CONNECTIONS",
         {QStringLiteral("limits"), QStringLiteral("maxConnections")},
         Kind::Integer},
        {"REXORM_SERVE_REQUEST_TIMEOUT",
         {QStringLiteral("limits"), QStringLiteral("requestTimeout")},
         Kind::Integer},
        {"REXORM_SERVE_MAX_DEPTH",
         {QStringLiteral("limits"), QStringLiteral("maxDepth")},
         Kind::Integer},
        {"REXORM_SERVE_PLAYGROUND", {QStringLiteral("playground")}, Kind::Boolean},
        {"REXORM_SERVE_INTROSPECTION", {QStringLiteral("introspection")}, Kind::Boolean},
        {"REXORM_SERVE_STATEMENT_TIMEOUT", {QStringLiteral("statementTimeout")}, Kind::Integer},
        {"REXORM_SERVE_SHUTDOWN_GRACE", {QStringLiteral("shutdownGrace")}, Kind::Integer},
        {"REXORM_SERVE_ACCESS_LOG", {QStringLiteral("accessLog")}, Kind::String},
        {"REXORM_SERVE_METRICS",
         {QStringLiteral("metrics"), QStringLiteral("enabled")},
         Kind::Boolean},
        {"REXORM_SERVE_METRICS_AUTH",
         {QStringLiteral("metrics"), QStringLiteral("requireAuth")},
         Kind::Boolean},
        {"REXORM_SERVE_ANONYMOUS",
         {QStringLiteral("auth"), QStringLiteral("anonymous")},
         Kind::Anonymous},
        {"REXORM_SERVE_JWT_SECRET_FILE",
         {QStringLiteral("auth"), QStringLiteral("jwt"), QStringLiteral("secretFile")},
         Kind::String},
        {"REXORM_SERVE_JWT_ROLE_CLAIM",
         {QStringLiteral("auth"), QStringLiteral("jwt"), QStringLiteral("roleClaim")},
         Kind::String},
        {"REXORM_SERVE_JWT_DEFAULT_ROLE",
         {QStringLiteral("auth"), QStringLiteral("jwt"), QStringLiteral("defaultRole")},
         Kind::String},
    };
    for (const Variable &variable : variables) {
        const QString name = QLatin1String(variable.name);
        if (!environment.contains(name))
            continue;
        const QString text = environment.value(name).trimmed();
        QJsonValue value;
        bool ok = true;
        switch (variable.kind) {
        case Kind::String:
        case Kind::Anonymous:
            value = text;
            break;
        case Kind::Integer:
            value = double(text.toLongLong(&ok));
            break;
        case Kind::Boolean:
            ok = QStringList{QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("1"),
                             QStringLiteral("0")}
                     .contains(text.toLower());
            value = text.toLower() == u"true" || text == u"1";
            break;
        case Kind::List: {
            QJsonArray list;
            for (const QString &item : text.split(u',', Qt::SkipEmptyParts))
                list.append(item.trimmed());
            value = list;
            break;
        }
        }
        if (!ok)
            throw ConfigError(QStringLiteral("%1 must be %2, not \"%3\"")
                                  .arg(name,
                                       variable.kind == Kind::Integer
                                           ? QStringLiteral("a number")
                                           : QStringLiteral("true or false"),
                                       text));
        // Nest the value under its path: {"limits": {"maxBodyBytes": n}}.
        QJsonObject patch;
        for (qsizetype i = variable.path.size() - 1; i >= 0; --i) {
            QJsonObject level;
            level.insert(variable.path[i],
                         i == variable.path.size() - 1 ? value : QJsonValue(patch));
            patch = level;
        }
        try {
            applyJson(patch, QDir::current());
        } catch (const ConfigError &error) {
            throw ConfigError(name + QStringLiteral(": ") + error.message());
        }
    }

    // Secrets given directly in the environment (never on the command line).
    if (environment.contains(QStringLiteral("REXORM_SERVE_JWT_SECRET"))) {
        const QByteArray secret =
            environment.value(QStringLiteral("REXORM_SERVE_JWT_SECRET")).toUtf8();
        if (secret.size() < 32)
            throw ConfigError(QStringLiteral("REXORM_SERVE_JWT_SECRET must be at least 32 "
                                             "characters long"));
        server.auth.jwtSecret = secret;
    }
    if (environment.contains(QStringLiteral("REXORM_SERVE_API_KEYS"))) {
        // role=key or role=sha256:<hex>, separated by commas.
        AuthOptions &auth = server.auth;
        auth.apiKeys.clear();
        const QStringList entries = environment.value(QStringLiteral("REXORM_SERVE_API_KEYS"))
                                        .split(u',', Qt::SkipEmptyParts);
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QString entry = entries[i].trimmed();
            const qsizetype equals = entry.indexOf(u'=');
            if (equals <= 0 || equals == entry.size() - 1)
                throw ConfigError(QStringLiteral("REXORM_SERVE_API_KEYS: entry %1 must be "
                                                 "role=key or role=sha256:<hex digest>")
                                      .arg(i + 1));
            const QString role = entry.left(equals);
            const QString key = entry.mid(equals + 1);
            if (key.startsWith(QLatin1String("sha256:"))) {
                try {
                    auth.addApiKeyHash(key.mid(7), role);
                } catch (const ConfigError &error) {
                    throw ConfigError(QStringLiteral("REXORM_SERVE_API_KEYS: entry %1: %2")
                                          .arg(i + 1)
                                          .arg(error.message()));
                }
            } else {
                auth.addApiKey(key, role);
            }
        }
    }
}

void ServerConfig::applyTo(DatabaseConfig &database) const
{
    if (statementTimeoutMs > 0)
        database.statementTimeoutMs = statementTimeoutMs;
}

QJsonObject ServerConfig::toJson() const
{
    QJsonObject roles;
    for (auto it = server.auth.roles.begin(); it != server.auth.roles.end(); ++it)
        roles.insert(it.key(), accessJson(it.value()));
    QJsonObject jwt{
        {QStringLiteral("secret"),
         server.auth.jwtSecret.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set")},
        {QStringLiteral("roleClaim"), server.auth.jwtRoleClaim},
        {QStringLiteral("defaultRole"), server.auth.jwtDefaultRole},
        {QStringLiteral("requireExp"), server.auth.jwtRequireExp},
        {QStringLiteral("issuer"), server.auth.jwtIssuer},
        {QStringLiteral("audience"), server.auth.jwtAudience},
        {QStringLiteral("clockSkew"), qint64(server.auth.clockSkew.count())},
    };
    const std::optional<GraphQL::Access> anonymous =
        effectiveAnonymousAccess(server.auth, server.host);
    QJsonObject auth{
        {QStringLiteral("apiKeys"), qint64(server.auth.apiKeys.size())},
        {QStringLiteral("jwt"), jwt},
        {QStringLiteral("roles"), roles},
        {QStringLiteral("anonymous"),
         anonymous ? QJsonValue(accessJson(*anonymous)) : QJsonValue(QStringLiteral("none"))},
    };
    return {
        {QStringLiteral("host"), server.host.toString()},
        {QStringLiteral("port"), int(server.port)},
        {QStringLiteral("path"), server.path},
        {QStringLiteral("cors"), QJsonArray::fromStringList(server.corsOrigins)},
        {QStringLiteral("allowedHosts"), QJsonArray::fromStringList(server.allowedHosts)},
        {QStringLiteral("tls"),
         QJsonObject{{QStringLiteral("certificate"), server.tlsCertificateFile},
                     {QStringLiteral("key"), server.tlsKeyFile}}},
        {QStringLiteral("limits"),
         QJsonObject{
             {QStringLiteral("maxBodyBytes"), server.maxBodyBytes},
             {QStringLiteral("maxHeaderBytes"), server.maxHeaderBytes},
             {QStringLiteral("maxConnections"), server.maxConnections},
             {QStringLiteral("maxConnectionsPerPeer"), server.maxConnectionsPerPeer},
             {QStringLiteral("requestTimeout"), qint64(server.requestTimeout.count())},
             {QStringLiteral("maxDocumentBytes"), service.maxDocumentBytes},
             {QStringLiteral("maxDepth"), service.maxDepth},
             {QStringLiteral("maxNodes"), service.maxNodes},
         }},
        {QStringLiteral("playground"), server.playground},
        {QStringLiteral("introspection"), service.introspection},
        {QStringLiteral("statementTimeout"), statementTimeoutMs},
        {QStringLiteral("shutdownGrace"), qint64(shutdownGrace.count())},
        {QStringLiteral("readinessTimeout"), qint64(server.readinessTimeout.count())},
        {QStringLiteral("accessLog"), accessLogName(server.accessLog)},
        {QStringLiteral("metrics"),
         QJsonObject{{QStringLiteral("enabled"), server.metrics},
                     {QStringLiteral("requireAuth"), server.auth.metricsRequireAuth}}},
        {QStringLiteral("auth"), auth},
    };
}

} // namespace RexOrm
