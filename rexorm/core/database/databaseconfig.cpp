#include <rexorm/database/databaseconfig.h>
#include <rexorm/database/dialect.h>
#include <rexorm/error.h>

#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>

#include <cctype>
#include <cmath>

namespace RexOrm {

namespace {

// The user info ends at the last '@': a password may hold '/', '?', '#' or '@' unencoded, and
// none of those may decide where the password ends, or it would leak into a message.
qsizetype userInfoEnd(QStringView afterSlashes)
{
    return afterSlashes.lastIndexOf(u'@');
}

QString redactUrl(QStringView raw)
{
    const qsizetype schemeEnd = raw.indexOf(u"://");
    if (schemeEnd < 0)
        return raw.toString();
    const qsizetype start = schemeEnd + 3;
    const qsizetype at = userInfoEnd(raw.sliced(start));
    if (at < 0)
        return raw.toString();
    const qsizetype colon = raw.sliced(start, at).indexOf(u':');
    if (colon < 0)
        return raw.toString();
    return raw.first(start + colon + 1).toString() + QStringLiteral("***") +
           raw.sliced(start + at).toString();
}

[[noreturn]] void failUrl(QStringView raw, const QString &what)
{
    throw ConfigError(
        QStringLiteral("Malformed database URL \"%1\": %2").arg(redactUrl(raw), what));
}

QString percentDecode(QStringView raw, QStringView part, QStringView fullUrl)
{
    for (qsizetype i = 0; i < part.size(); ++i) {
        if (part[i] != u'%')
            continue;
        const bool ok = i + 2 < part.size() && std::isxdigit(uchar(part[i + 1].toLatin1())) &&
                        std::isxdigit(uchar(part[i + 2].toLatin1()));
        if (!ok)
            failUrl(fullUrl, QStringLiteral("bad percent-encoding in the %1").arg(raw));
        i += 2;
    }
    return QUrl::fromPercentEncoding(part.toUtf8());
}

// RexOrm's own URL options, as opposed to the driver options that go to the dialect.
const QString captureChangesOption = QStringLiteral("capture_changes");

bool parseUrlBool(const QString &key, const QString &value, QStringView url)
{
    const QString lower = value.toLower();
    if (lower == u"true" || lower == u"1" || lower == u"on" || lower == u"yes")
        return true;
    if (lower == u"false" || lower == u"0" || lower == u"off" || lower == u"no")
        return false;
    failUrl(url, QStringLiteral("option \"%1\" must be true or false, got \"%2\"").arg(key, value));
}

void parseQuery(DatabaseConfig &config, QStringView query, QStringView url)
{
    bool captureSeen = false;
    if (query.isEmpty())
        return;
    for (QStringView pair : query.split(u'&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf(u'=');
        const QString key = percentDecode(u"option name", eq < 0 ? pair : pair.first(eq), url);
        const QString value =
            eq < 0 ? QString() : percentDecode(u"option value", pair.sliced(eq + 1), url);
        if (key.isEmpty())
            failUrl(url, QStringLiteral("an option in the query string has no name"));
        if (key == captureChangesOption) {
            if (captureSeen)
                failUrl(url, QStringLiteral("option \"%1\" is given twice").arg(key));
            captureSeen = true;
            config.captureChanges = parseUrlBool(key, value, url);
            continue;
        }
        if (config.options.contains(key))
            failUrl(url, QStringLiteral("option \"%1\" is given twice").arg(key));
        config.options.insert(key, value);
    }
}

void parseFileUrl(DatabaseConfig &config, QStringView rest, QStringView url)
{
    const qsizetype q = rest.indexOf(u'?');
    QStringView location = q < 0 ? rest : rest.first(q);
    if (q >= 0)
        parseQuery(config, rest.sliced(q + 1), url);
    if (location == u":memory:" || location == u"//:memory:") {
        config.databasePath = QStringLiteral(":memory:");
        return;
    }
    if (location.startsWith(u"//")) {
        location = location.sliced(2);
        if (!location.startsWith(u'/'))
            failUrl(url, QStringLiteral("%1 URLs name a path, not a host: use "
                                        "%1:///absolute/path.db, %1:relative/path.db "
                                        "or %1::memory:")
                             .arg(config.driver));
    }
    if (location.isEmpty())
        failUrl(url, QStringLiteral("the database path is empty"));
    config.databasePath = percentDecode(u"path", location, url);
}

void parseServerUrl(DatabaseConfig &config, QStringView rest, QStringView url)
{
    if (!rest.startsWith(u"//"))
        failUrl(url, QStringLiteral("expected \"//\" after the scheme, as in "
                                    "%1://user:password@host:port/database")
                         .arg(config.driver));
    rest = rest.sliced(2);
    const qsizetype at = userInfoEnd(rest);
    if (at >= 0) {
        const QStringView userInfo = rest.first(at);
        const qsizetype colon = userInfo.indexOf(u':');
        config.user =
            percentDecode(u"user name", colon < 0 ? userInfo : userInfo.first(colon), url);
        if (colon >= 0)
            config.password = percentDecode(u"password", userInfo.sliced(colon + 1), url);
        if (config.user.isEmpty())
            failUrl(url, QStringLiteral("the user name before \"@\" is empty"));
        rest = rest.sliced(at + 1);
    }
    qsizetype authorityEnd = rest.size();
    for (QChar stop : {u'/', u'?', u'#'}) {
        const qsizetype stopAt = rest.indexOf(stop);
        if (stopAt >= 0 && stopAt < authorityEnd)
            authorityEnd = stopAt;
    }
    QStringView authority = rest.first(authorityEnd);
    QStringView tail = rest.sliced(authorityEnd);
    if (tail.contains(u'#'))
        failUrl(url, QStringLiteral("a fragment (#...) is not allowed"));

    QStringView hostPart = authority;
    QStringView portPart;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            failUrl(url, QStringLiteral("unterminated IPv6 address in the host"));
        hostPart = authority.sliced(1, close - 1);
        QStringView after = authority.sliced(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':'))
                failUrl(url, QStringLiteral("unexpected text after the IPv6 address"));
            portPart = after.sliced(1);
            if (portPart.isEmpty())
                failUrl(url, QStringLiteral("the port after \":\" is empty"));
        }
    } else {
        const qsizetype colon = authority.lastIndexOf(u':');
        if (colon >= 0) {
            hostPart = authority.first(colon);
            portPart = authority.sliced(colon + 1);
            if (portPart.isEmpty())
                failUrl(url, QStringLiteral("the port after \":\" is empty"));
        }
    }
    config.host = percentDecode(u"host", hostPart, url);
    if (config.host.isEmpty())
        failUrl(url, QStringLiteral("the host is empty"));
    if (!portPart.isEmpty()) {
        bool ok = false;
        const int port = portPart.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            failUrl(url, QStringLiteral("port \"%1\" is not a number from 1 to 65535")
                             .arg(portPart.toString()));
        config.port = port;
    }

    const qsizetype q = tail.indexOf(u'?');
    QStringView path = q < 0 ? tail : tail.first(q);
    if (q >= 0)
        parseQuery(config, tail.sliced(q + 1), url);
    if (path.startsWith(u'/'))
        path = path.sliced(1);
    if (path.contains(u'/'))
        failUrl(url, QStringLiteral("the database name must not contain \"/\""));
    config.databaseName = percentDecode(u"database name", path, url);
}

int jsonInt(const QJsonObject &object, const char *key, int fallback)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return fallback;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::isnan(number) || number != std::floor(number) ||
        std::abs(number) > 2147483647.0)
        throw ConfigError(QStringLiteral("Database configuration key \"%1\" must be an integer")
                              .arg(QLatin1String(key)));
    return int(number);
}

QString jsonString(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString())
        throw ConfigError(QStringLiteral("Database configuration key \"%1\" must be a string")
                              .arg(QLatin1String(key)));
    return value.toString();
}

bool jsonBool(const QJsonObject &object, const char *key, bool fallback)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool())
        throw ConfigError(QStringLiteral("Database configuration key \"%1\" must be true or false")
                              .arg(QLatin1String(key)));
    return value.toBool();
}

const QStringList &jsonKeys()
{
    static const QStringList keys = {
        QStringLiteral("url"),
        QStringLiteral("database"),
        QStringLiteral("user"),
        QStringLiteral("password"),
        QStringLiteral("host"),
        QStringLiteral("port"),
        QStringLiteral("databaseName"),
        QStringLiteral("databasePath"),
        QStringLiteral("options"),
        QStringLiteral("poolSize"),
        QStringLiteral("idleTimeout"),
        QStringLiteral("acquireTimeout"),
        QStringLiteral("validationInterval"),
        QStringLiteral("statementTimeout"),
        QStringLiteral("slowQueryMs"),
        QStringLiteral("executorThreads"),
        QStringLiteral("statementCacheSize"),
        QStringLiteral("logParameterValues"),
        QStringLiteral("captureChanges"),
    };
    return keys;
}

} // namespace

bool DatabaseConfig::isInMemory() const
{
    return databasePath == u":memory:";
}

DatabaseConfig DatabaseConfig::fromUrl(const QString &url)
{
    const QStringView raw = QStringView(url).trimmed();
    if (raw.isEmpty())
        throw ConfigError(QStringLiteral("The database URL is empty"));
    const qsizetype colon = raw.indexOf(u':');
    if (colon <= 0)
        failUrl(raw, QStringLiteral("missing scheme; expected one of %1 followed by \":\"")
                         .arg(DialectRegistry::names().join(QStringLiteral(", "))));
    DatabaseConfig config;
    config.driver = raw.first(colon).toString().toLower();
    for (QChar c : std::as_const(config.driver)) {
        if (!(c.isLetterOrNumber() || c == u'+' || c == u'-' || c == u'.'))
            failUrl(raw, QStringLiteral("the scheme contains \"%1\"").arg(c));
    }
    if (!DialectRegistry::contains(config.driver))
        failUrl(raw, QStringLiteral("unknown driver \"%1\"; supported: %2")
                         .arg(config.driver, DialectRegistry::names().join(QStringLiteral(", "))));
    if (DialectRegistry::dialect(config.driver)->usesFilePath())
        parseFileUrl(config, raw.sliced(colon + 1), raw);
    else
        parseServerUrl(config, raw.sliced(colon + 1), raw);
    config.validate();
    return config;
}

DatabaseConfig DatabaseConfig::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw ConfigError(
            QStringLiteral("Database configuration is not valid JSON: %1 at offset %2")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    if (!document.isObject())
        throw ConfigError(QStringLiteral("Database configuration must be a JSON object"));
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!jsonKeys().contains(it.key()))
            throw ConfigError(
                QStringLiteral("Unknown database configuration key \"%1\"; accepted keys: %2")
                    .arg(it.key(), jsonKeys().join(QStringLiteral(", "))));
    }

    DatabaseConfig config;
    const QString url = jsonString(object, "url");
    if (!url.isEmpty()) {
        config = fromUrl(url);
    } else {
        config.driver = jsonString(object, "database").toLower();
        if (config.driver.isEmpty())
            throw ConfigError(
                QStringLiteral(
                    "Database configuration needs \"database\" (the driver: %1) or \"url\"")
                    .arg(DialectRegistry::names().join(QStringLiteral(", "))));
    }
    if (object.contains(QLatin1String("user")))
        config.user = jsonString(object, "user");
    if (object.contains(QLatin1String("password")))
        config.password = jsonString(object, "password");
    if (object.contains(QLatin1String("host")))
        config.host = jsonString(object, "host");
    if (object.contains(QLatin1String("databaseName")))
        config.databaseName = jsonString(object, "databaseName");
    if (object.contains(QLatin1String("databasePath")))
        config.databasePath = jsonString(object, "databasePath");
    config.port = jsonInt(object, "port", config.port);
    config.poolSize = jsonInt(object, "poolSize", config.poolSize);
    config.idleTimeoutMs = jsonInt(object, "idleTimeout", config.idleTimeoutMs);
    config.acquireTimeoutMs = jsonInt(object, "acquireTimeout", config.acquireTimeoutMs);
    config.validationIntervalMs =
        jsonInt(object, "validationInterval", config.validationIntervalMs);
    config.statementTimeoutMs = jsonInt(object, "statementTimeout", config.statementTimeoutMs);
    config.slowQueryMs = jsonInt(object, "slowQueryMs", config.slowQueryMs);
    config.executorThreads = jsonInt(object, "executorThreads", config.executorThreads);
    config.statementCacheSize = jsonInt(object, "statementCacheSize", config.statementCacheSize);
    config.logParameterValues = jsonBool(object, "logParameterValues", config.logParameterValues);
    config.captureChanges = jsonBool(object, "captureChanges", config.captureChanges);

    const QJsonValue options = object.value(QLatin1String("options"));
    if (!options.isUndefined() && !options.isNull()) {
        if (!options.isObject())
            throw ConfigError(QStringLiteral(
                "Database configuration key \"options\" must be an object of strings"));
        const QJsonObject optionObject = options.toObject();
        for (auto it = optionObject.begin(); it != optionObject.end(); ++it) {
            if (!it.value().isString() && !it.value().isDouble() && !it.value().isBool())
                throw ConfigError(
                    QStringLiteral("Database option \"%1\" must be a string, number or boolean")
                        .arg(it.key()));
            config.options.insert(it.key(), it.value().toVariant().toString());
        }
    }
    config.validate();
    return config;
}

DatabaseConfig DatabaseConfig::fromJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError(QStringLiteral("Cannot read database configuration file \"%1\": %2")
                              .arg(path, file.errorString()));
    try {
        return fromJson(file.readAll());
    } catch (const ConfigError &error) {
        throw ConfigError(QStringLiteral("%1 (in %2)").arg(error.message(), path));
    }
}

DatabaseConfig DatabaseConfig::fromEnvironment(const char *variable)
{
    const QString url = qEnvironmentVariable(variable);
    if (url.isEmpty())
        throw ConfigError(
            QStringLiteral("Environment variable %1 is not set; set it to a database URL "
                           "such as sqlite:///path/to/app.db")
                .arg(QLatin1String(variable)));
    try {
        return fromUrl(url);
    } catch (const ConfigError &error) {
        throw ConfigError(
            QStringLiteral("%1 (from %2)").arg(error.message(), QLatin1String(variable)));
    }
}

QString DatabaseConfig::toUrl(bool includePassword) const
{
    const auto encode = [](const QString &text) {
        return QString::fromUtf8(QUrl::toPercentEncoding(text));
    };
    QString url = driver + u':';
    if (DialectRegistry::contains(driver) && DialectRegistry::dialect(driver)->usesFilePath()) {
        url += isInMemory() ? QStringLiteral(":memory:")
                            : (databasePath.startsWith(u'/') ? QStringLiteral("//") : QString()) +
                                  QString::fromUtf8(QUrl::toPercentEncoding(databasePath, "/"));
    } else {
        url += QStringLiteral("//");
        if (!user.isEmpty()) {
            url += encode(user);
            if (!password.isEmpty())
                url += u':' + (includePassword ? encode(password) : QStringLiteral("***"));
            url += u'@';
        }
        url += host.contains(u':') ? u'[' + host + u']' : encode(host);
        if (port > 0)
            url += u':' + QString::number(port);
        url += u'/' + encode(databaseName);
    }
    QStringList pairs;
    for (auto it = options.begin(); it != options.end(); ++it)
        pairs << encode(it.key()) + u'=' + encode(it.value());
    if (captureChanges)
        pairs << captureChangesOption + QStringLiteral("=true");
    if (!pairs.isEmpty())
        url += u'?' + pairs.join(u'&');
    return url;
}

void DatabaseConfig::validate() const
{
    const auto dialect = DialectRegistry::dialect(driver); // throws on unknown names
    const auto atLeast = [](int value, int minimum, const char *name) {
        if (value < minimum)
            throw ConfigError(
                QStringLiteral("Database configuration: %1 must be at least %2, got %3")
                    .arg(QLatin1String(name))
                    .arg(minimum)
                    .arg(value));
    };
    atLeast(poolSize, 1, "poolSize");
    atLeast(idleTimeoutMs, 0, "idleTimeout");
    atLeast(acquireTimeoutMs, 0, "acquireTimeout");
    atLeast(validationIntervalMs, 0, "validationInterval");
    atLeast(statementTimeoutMs, 0, "statementTimeout");
    atLeast(slowQueryMs, 0, "slowQueryMs");
    atLeast(executorThreads, 1, "executorThreads");
    atLeast(statementCacheSize, 0, "statementCacheSize");
    if (captureChanges && dialect->qtDriverName() != u"QSQLITE")
        throw ConfigError(
            QStringLiteral("Database configuration: captureChanges works on SQLite only (%1 has "
                           "no connection hooks); for %1, install change triggers with "
                           "`rexorm realtime:install`")
                .arg(dialect->displayName()));
    if (port < 0 || port > 65535)
        throw ConfigError(
            QStringLiteral("Database configuration: port must be from 1 to 65535, got %1")
                .arg(port));
    if (dialect->usesFilePath()) {
        if (databasePath.isEmpty())
            throw ConfigError(
                QStringLiteral("%1 configuration needs databasePath (a file path or \":memory:\")")
                    .arg(dialect->displayName()));
    } else if (host.isEmpty()) {
        throw ConfigError(
            QStringLiteral("%1 configuration needs a host").arg(dialect->displayName()));
    }
    const QStringList supported = dialect->supportedOptions();
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (!supported.contains(it.key()))
            throw ConfigError(QStringLiteral("Unknown %1 option \"%2\"; supported: %3")
                                  .arg(dialect->displayName(), it.key(),
                                       supported.isEmpty() ? QStringLiteral("none")
                                                           : supported.join(QStringLiteral(", "))));
        for (QChar c : it.value()) {
            if (c.isSpace() || c == u'\'' || c == u'\\' || c == u';' || c == u'"')
                throw ConfigError(QStringLiteral("%1 option \"%2\" contains a space, quote, "
                                                 "backslash or semicolon, which is not allowed")
                                      .arg(dialect->displayName(), it.key()));
        }
    }
    dialect->validateOptions(*this);
}

} // namespace RexOrm
