#include "dialects_p.h"

#include <rexorm/database/databaseconfig.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonValue>
#include <QtSql/QSqlDatabase>

#include <QtSql/QSqlError>
#include <optional>

namespace RexOrm {

SqlSyntax PostgresDialect::sqlSyntax() const
{
    SqlSyntax syntax;
    syntax.nestedBlockComments = true;
    syntax.dollarPlaceholders = true;
    return syntax;
}

QString PostgresDialect::placeholder(int index) const
{
    // Passed through QtSql untouched, unlike '?', which it rewrites without knowing
    // dollar quotes or the jsonb ? operator.
    return u'$' + QString::number(index + 1);
}

QString PostgresDialect::redactErrorText(const QString &text) const
{
    // DETAIL lines quote values: "Key (email)=(alice@example.org) already exists."
    QStringList lines = text.split(u'\n');
    lines.removeIf([](const QString &line) { return line.startsWith(u"DETAIL:"); });
    return lines.join(u'\n');
}

namespace {

// Parses a one-dimensional PostgreSQL array literal: {1,2}, {"a b","c\"d",NULL}.
std::optional<QJsonArray> parseArrayLiteral(const QString &text)
{
    if (!text.startsWith(u'{') || !text.endsWith(u'}'))
        return std::nullopt;
    QJsonArray array;
    const QStringView body = QStringView(text).sliced(1, text.size() - 2);
    qsizetype i = 0;
    while (i < body.size()) {
        QString item;
        bool quoted = false;
        if (body[i] == u'"') {
            quoted = true;
            ++i;
            while (i < body.size() && body[i] != u'"') {
                if (body[i] == u'\\' && i + 1 < body.size())
                    ++i;
                item += body[i++];
            }
            ++i; // closing quote
        } else {
            while (i < body.size() && body[i] != u',') {
                if (body[i] == u'{')
                    return std::nullopt; // nested arrays stay text
                item += body[i++];
            }
        }
        bool isNumber = false;
        const double number = item.toDouble(&isNumber);
        if (!quoted && item == u"NULL")
            array.append(QJsonValue::Null);
        else if (!quoted && (item == u"t" || item == u"f"))
            array.append(item == u"t");
        else if (!quoted && isNumber)
            array.append(number);
        else
            array.append(item);
        if (i < body.size() && body[i] == u',')
            ++i;
    }
    return array;
}

} // namespace

QVariant PostgresDialect::fromDatabaseValue(const QVariant &value, ColumnType type) const
{
    if (type == ColumnType::Json && value.metaType().id() == QMetaType::QString) {
        const QString text = value.toString();
        // "{...}" is a JSON object or an array literal; an array literal is not valid JSON.
        if (text.startsWith(u'{') && QJsonDocument::fromJson(text.toUtf8()).isNull()) {
            if (const auto array = parseArrayLiteral(text))
                return QVariant::fromValue(QJsonValue(*array));
        }
    }
    return Dialect::fromDatabaseValue(value, type);
}

QStringList PostgresDialect::supportedOptions() const
{
    return {QStringLiteral("sslmode"),
            QStringLiteral("sslrootcert"),
            QStringLiteral("sslcert"),
            QStringLiteral("sslkey"),
            QStringLiteral("connect_timeout"),
            QStringLiteral("application_name"),
            QStringLiteral("target_session_attrs")};
}

QString PostgresDialect::typeName(const TypeSpec &spec) const
{
    switch (spec.type) {
    case ColumnType::Boolean:
        return QStringLiteral("BOOLEAN");
    case ColumnType::SmallInt:
        return QStringLiteral("SMALLINT");
    case ColumnType::Integer:
        return QStringLiteral("INTEGER");
    case ColumnType::BigInt:
        return QStringLiteral("BIGINT");
    case ColumnType::Real:
        return QStringLiteral("REAL");
    case ColumnType::Double:
        return QStringLiteral("DOUBLE PRECISION");
    case ColumnType::Decimal:
        return spec.precision > 0
                   ? QStringLiteral("NUMERIC(%1,%2)").arg(spec.precision).arg(spec.scale)
                   : QStringLiteral("NUMERIC");
    case ColumnType::String:
        return spec.length > 0 ? QStringLiteral("VARCHAR(%1)").arg(spec.length)
                               : QStringLiteral("TEXT");
    case ColumnType::Text:
        return QStringLiteral("TEXT");
    case ColumnType::Binary:
        return QStringLiteral("BYTEA");
    case ColumnType::Date:
        return QStringLiteral("DATE");
    case ColumnType::Time:
        return QStringLiteral("TIME");
    case ColumnType::DateTime:
        return QStringLiteral("TIMESTAMP");
    case ColumnType::DateTimeTz:
        return QStringLiteral("TIMESTAMPTZ");
    case ColumnType::Json:
        return QStringLiteral("JSONB");
    case ColumnType::Uuid:
        return QStringLiteral("UUID");
    }
    return QStringLiteral("TEXT");
}

QString PostgresDialect::autoIncrementPrimaryKey(const TypeSpec &spec) const
{
    return typeName(spec) + QStringLiteral(" GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
}

QString PostgresDialect::upsertClause(const QStringList &conflict, const QStringList &update) const
{
    return onConflictClause(conflict, update, u"EXCLUDED");
}

QString PostgresDialect::statementTimeoutSql(int milliseconds) const
{
    return QStringLiteral("SET statement_timeout = %1").arg(milliseconds);
}

void PostgresDialect::configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const
{
    applyServerSettings(db, config);
    QMap<QString, QString> options = config.options;
    // libpq waits forever for an unreachable server unless told otherwise.
    if (!options.contains(QStringLiteral("connect_timeout")))
        options.insert(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    if (!options.contains(QStringLiteral("application_name")))
        options.insert(QStringLiteral("application_name"), QStringLiteral("rexorm"));
    QStringList pairs;
    for (auto it = options.begin(); it != options.end(); ++it)
        pairs << it.key() + u'=' + it.value();
    db.setConnectOptions(pairs.join(u';'));
}

QStringList PostgresDialect::sessionSetupStatements(const DatabaseConfig &) const
{
    return {QStringLiteral("SET TIME ZONE 'UTC'"),
            QStringLiteral("SET client_min_messages TO WARNING")};
}

ErrorKind PostgresDialect::classifyError(const QSqlError &error) const
{
    const QString code = error.nativeErrorCode();
    if (code == u"57014")
        return ErrorKind::Timeout;
    if (code.startsWith(u"08") || code == u"57P01" || code == u"57P02" || code == u"57P03")
        return ErrorKind::ConnectionLost;
    if (code == u"0A000" && error.databaseText().contains(u"cached plan"))
        return ErrorKind::StalePlan;
    if (code.isEmpty()) {
        const QString text = error.databaseText() + u' ' + error.driverText();
        static const char *const lost[] = {
            "server closed the connection", "no connection to the server", "terminating connection",
            "could not receive data",       "could not send data",         "connection to server",
            "connection not open"};
        for (const char *marker : lost) {
            if (text.contains(QLatin1String(marker), Qt::CaseInsensitive))
                return ErrorKind::ConnectionLost;
        }
        if (error.type() == QSqlError::ConnectionError)
            return ErrorKind::ConnectionLost;
    }
    return ErrorKind::Statement;
}

} // namespace RexOrm
