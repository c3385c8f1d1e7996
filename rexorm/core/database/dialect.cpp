#include "dialects_p.h"

#include <rexorm/database/databaseconfig.h>
#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMutex>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>

#include <map>

namespace RexOrm {

Dialect::~Dialect() = default;

namespace {

constexpr const char *columnTypeNameTable[] = {
    "boolean", "smallint", "integer", "bigint", "real",     "double",     "decimal", "string",
    "text",    "binary",   "date",    "time",   "datetime", "datetimetz", "json",    "uuid"};
static_assert(std::size(columnTypeNameTable) == size_t(ColumnType::Uuid) + 1);

} // namespace

QString columnTypeName(ColumnType type)
{
    return QString::fromLatin1(columnTypeNameTable[int(type)]);
}

std::optional<ColumnType> columnTypeFromName(QStringView name)
{
    for (size_t i = 0; i < std::size(columnTypeNameTable); ++i) {
        if (name.compare(QLatin1String(columnTypeNameTable[i]), Qt::CaseInsensitive) == 0)
            return ColumnType(i);
    }
    return std::nullopt;
}

QStringList columnTypeNames()
{
    QStringList names;
    for (const char *name : columnTypeNameTable)
        names << QString::fromLatin1(name);
    names.sort();
    return names;
}

QString Dialect::quoteIdentifier(QStringView identifier) const
{
    if (identifier.isEmpty())
        throw Error(QStringLiteral("%1: an identifier must not be empty").arg(displayName()));
    if (identifier.contains(QChar(0)))
        throw Error(QStringLiteral("%1: identifier contains a NUL character").arg(displayName()));
    const QChar quote = identifierQuote();
    QString quoted;
    quoted.reserve(identifier.size() + 2);
    quoted += quote;
    for (QChar c : identifier) {
        if (c == quote)
            quoted += quote;
        quoted += c;
    }
    quoted += quote;
    return quoted;
}

QString Dialect::onConflictClause(const QStringList &quotedConflictColumns,
                                  const QStringList &quotedUpdateColumns, QStringView excluded)
{
    QString clause = QStringLiteral(" ON CONFLICT (%1) DO ")
                         .arg(quotedConflictColumns.join(QStringLiteral(", ")));
    if (quotedUpdateColumns.isEmpty())
        return clause + QStringLiteral("NOTHING");
    QStringList sets;
    for (const QString &column : quotedUpdateColumns)
        sets << column + QStringLiteral(" = ") + excluded.toString() + u'.' + column;
    return clause + QStringLiteral("UPDATE SET ") + sets.join(QStringLiteral(", "));
}

void Dialect::applyServerSettings(QSqlDatabase &db, const DatabaseConfig &config) const
{
    db.setHostName(config.host);
    db.setPort(config.port > 0 ? config.port : defaultPort());
    db.setUserName(config.user);
    db.setPassword(config.password);
    db.setDatabaseName(config.databaseName);
}

void Dialect::validateOptions(const DatabaseConfig &) const {}

QString Dialect::quoteQualified(QStringView dottedName) const
{
    QStringList parts;
    for (QStringView part : dottedName.split(u'.'))
        parts << quoteIdentifier(part);
    return parts.join(u'.');
}

QString Dialect::placeholder(int) const
{
    return QStringLiteral("?");
}

QString Dialect::returningClause(const QStringList &quotedColumns) const
{
    if (!supportsReturning() || quotedColumns.isEmpty())
        return {};
    return QStringLiteral(" RETURNING ") + quotedColumns.join(QStringLiteral(", "));
}

QString Dialect::limitClause(qint64 limit, qint64 offset) const
{
    QString clause;
    if (limit >= 0)
        clause += QStringLiteral(" LIMIT %1").arg(limit);
    if (offset > 0) {
        if (limit < 0)
            clause += QStringLiteral(" LIMIT ALL");
        clause += QStringLiteral(" OFFSET %1").arg(offset);
    }
    return clause;
}

QString Dialect::booleanLiteral(bool value) const
{
    return value ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
}

QString Dialect::beginTransactionSql() const
{
    return QStringLiteral("BEGIN");
}

QString Dialect::savepointSql(const QString &name) const
{
    return QStringLiteral("SAVEPOINT ") + quoteIdentifier(name);
}

QString Dialect::releaseSavepointSql(const QString &name) const
{
    return QStringLiteral("RELEASE SAVEPOINT ") + quoteIdentifier(name);
}

QString Dialect::rollbackToSavepointSql(const QString &name) const
{
    return QStringLiteral("ROLLBACK TO SAVEPOINT ") + quoteIdentifier(name);
}

QString Dialect::statementTimeoutSql(int) const
{
    return {};
}

QStringList Dialect::sessionSetupStatements(const DatabaseConfig &) const
{
    return {};
}

QString Dialect::formatDateTime(const QDateTime &value) const
{
    return value.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QVariant Dialect::toDatabaseValue(const QVariant &value) const
{
    switch (value.metaType().id()) {
    case QMetaType::QDateTime: {
        const QDateTime dateTime = value.toDateTime();
        return dateTime.isValid() ? QVariant(formatDateTime(dateTime))
                                  : QVariant(QMetaType::fromType<QString>());
    }
    case QMetaType::QJsonDocument:
        return QString::fromUtf8(value.toJsonDocument().toJson(QJsonDocument::Compact));
    case QMetaType::QJsonObject:
        return QString::fromUtf8(
            QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact));
    case QMetaType::QJsonArray:
        return QString::fromUtf8(QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact));
    case QMetaType::QJsonValue: {
        const QJsonValue json = value.toJsonValue();
        if (json.isObject())
            return toDatabaseValue(QVariant(json.toObject()));
        if (json.isArray())
            return toDatabaseValue(QVariant(json.toArray()));
        // A scalar JSON value: wrap it in an array and strip the brackets.
        const QByteArray text = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(text.mid(1, text.size() - 2));
    }
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::UnknownType:
        return value;
    default:
        if (value.metaType() == QMetaType::fromType<Decimal>()) {
            const Decimal decimal = value.value<Decimal>();
            return decimal.isNull() ? QVariant(QMetaType::fromType<QString>())
                                    : QVariant(decimal.toString());
        }
        return value;
    }
}

static QDateTime parseUtc(const QString &text)
{
    // Never parse through the local zone: interpret zone-less text as UTC.
    QString normalized = text.trimmed();
    if (normalized.size() > 10 && normalized[10] == u' ')
        normalized[10] = u'T';
    QDateTime parsed = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return {};
    const bool hasZone = normalized.endsWith(u'Z') || normalized.lastIndexOf(u'+') > 10 ||
                         normalized.lastIndexOf(u'-') > 10;
    if (!hasZone)
        parsed = QDateTime(parsed.date(), parsed.time(), Qt::UTC);
    return parsed.toUTC();
}

QVariant Dialect::fromDatabaseValue(const QVariant &value, ColumnType type) const
{
    if (value.isNull())
        return value;
    // The common cases arrive from the driver already in their portable type.
    const int id = value.metaType().id();
    if ((id == QMetaType::LongLong && (type == ColumnType::BigInt || type == ColumnType::Integer ||
                                       type == ColumnType::SmallInt)) ||
        (id == QMetaType::Double && (type == ColumnType::Double || type == ColumnType::Real)) ||
        (id == QMetaType::QString && (type == ColumnType::String || type == ColumnType::Text)))
        return value;
    switch (type) {
    case ColumnType::Boolean:
        if (value.metaType().id() == QMetaType::QString) {
            const QString text = value.toString().toLower();
            return text == u"t" || text == u"true" || text == u"1";
        }
        return value.toBool();
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt:
        return value.toLongLong();
    case ColumnType::Real:
    case ColumnType::Double:
        return value.toDouble();
    case ColumnType::Decimal: {
        // Kept exact: NUMERIC never silently becomes double.
        bool ok = false;
        const Decimal decimal = Decimal::fromString(value.toString(), &ok);
        if (!ok)
            throw Error(QStringLiteral("%1: a DECIMAL column holds \"%2\", which is not a number")
                            .arg(displayName(), value.toString()));
        return QVariant::fromValue(decimal);
    }
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz: {
        if (value.metaType().id() == QMetaType::QDateTime) {
            const QDateTime dateTime = value.toDateTime();
            // A zone-less column holds UTC wall-clock time; an instant converts to UTC.
            if (type == ColumnType::DateTime || dateTime.timeSpec() == Qt::LocalTime)
                return QDateTime(dateTime.date(), dateTime.time(), Qt::UTC);
            return dateTime.toUTC();
        }
        return parseUtc(value.toString());
    }
    case ColumnType::Date:
        return value.metaType().id() == QMetaType::QDate
                   ? value
                   : QVariant(QDate::fromString(value.toString().left(10), Qt::ISODate));
    case ColumnType::Time:
        return value.metaType().id() == QMetaType::QTime
                   ? value
                   : QVariant(QTime::fromString(value.toString(), Qt::ISODateWithMs));
    case ColumnType::Json: {
        if (value.metaType().id() == QMetaType::QJsonValue)
            return value;
        const QByteArray text = value.toString().toUtf8();
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]", &error);
        if (error.error != QJsonParseError::NoError)
            throw Error(QStringLiteral("%1: a JSON column holds text that is not JSON: %2")
                            .arg(displayName(), error.errorString()));
        return QVariant::fromValue(document.array().at(0));
    }
    case ColumnType::Uuid:
        return QUuid::fromString(value.toString());
    case ColumnType::Binary:
        return value.toByteArray();
    case ColumnType::String:
    case ColumnType::Text:
        return value.toString();
    }
    return value;
}

namespace {

struct RegistryState
{
    QMutex mutex;
    std::map<QString, DialectFactory> factories;
    std::map<QString, std::shared_ptr<const Dialect>> instances;

    RegistryState()
    {
        factories[QStringLiteral("sqlite")] = [] { return std::make_shared<SqliteDialect>(); };
        const DialectFactory postgres = [] { return std::make_shared<PostgresDialect>(); };
        factories[QStringLiteral("postgres")] = postgres;
        factories[QStringLiteral("postgresql")] = postgres;
        factories[QStringLiteral("mysql")] = [] { return std::make_shared<MysqlDialect>(); };
        factories[QStringLiteral("mariadb")] = [] { return std::make_shared<MariadbDialect>(); };
    }
};

RegistryState &registry()
{
    static RegistryState state;
    return state;
}

} // namespace

void DialectRegistry::registerDialect(const QStringList &names, DialectFactory factory)
{
    RegistryState &state = registry();
    QMutexLocker lock(&state.mutex);
    for (const QString &name : names) {
        state.factories[name.toLower()] = factory;
        state.instances.erase(name.toLower());
    }
}

std::shared_ptr<const Dialect> DialectRegistry::dialect(const QString &name)
{
    RegistryState &state = registry();
    QMutexLocker lock(&state.mutex);
    const QString key = name.toLower();
    if (auto it = state.instances.find(key); it != state.instances.end())
        return it->second;
    const auto factory = state.factories.find(key);
    if (factory == state.factories.end()) {
        QStringList known;
        for (const auto &[knownName, unused] : state.factories)
            known << knownName;
        throw ConfigError(QStringLiteral("Unknown database driver \"%1\"; supported: %2")
                              .arg(name, known.join(QStringLiteral(", "))));
    }
    // The factory runs unlocked: a plugin's dialect may build on another registered one.
    const DialectFactory make = factory->second;
    lock.unlock();
    auto instance = make();
    lock.relock();
    const auto [it, inserted] = state.instances.emplace(key, std::move(instance));
    return it->second; // the first one made, if two threads raced
}

bool DialectRegistry::contains(const QString &name)
{
    RegistryState &state = registry();
    QMutexLocker lock(&state.mutex);
    return state.factories.count(name.toLower()) > 0;
}

QStringList DialectRegistry::names()
{
    RegistryState &state = registry();
    QMutexLocker lock(&state.mutex);
    QStringList known;
    for (const auto &[name, unused] : state.factories)
        known << name;
    return known;
}

} // namespace RexOrm
