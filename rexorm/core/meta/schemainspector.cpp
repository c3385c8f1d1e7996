#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>

#include "../changes/changelog_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonValue>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QUuid>

#include <map>

namespace RexOrm {

QMetaType metaTypeFor(ColumnType type)
{
    switch (type) {
    case ColumnType::Boolean:
        return QMetaType::fromType<bool>();
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt:
        return QMetaType::fromType<qlonglong>();
    case ColumnType::Real:
    case ColumnType::Double:
        return QMetaType::fromType<double>();
    case ColumnType::Decimal:
        return QMetaType::fromType<Decimal>();
    case ColumnType::String:
    case ColumnType::Text:
        return QMetaType::fromType<QString>();
    case ColumnType::Binary:
        return QMetaType::fromType<QByteArray>();
    case ColumnType::Date:
        return QMetaType::fromType<QDate>();
    case ColumnType::Time:
        return QMetaType::fromType<QTime>();
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return QMetaType::fromType<QDateTime>();
    case ColumnType::Json:
        return QMetaType::fromType<QJsonValue>();
    case ColumnType::Uuid:
        return QMetaType::fromType<QUuid>();
    }
    return QMetaType::fromType<QString>();
}

namespace {

enum class Engine { Sqlite, Postgres, Mysql };

Engine engineOf(const Database &db)
{
    const QString driver = db.dialect().qtDriverName();
    if (driver == u"QPSQL")
        return Engine::Postgres;
    if (driver == u"QMYSQL")
        return Engine::Mysql;
    return Engine::Sqlite;
}

QString text(const QueryResult &r, qsizetype row, const char *column)
{
    return r.value(row, QString::fromLatin1(column)).toString();
}

int number(const QueryResult &r, qsizetype row, const char *column)
{
    return r.value(row, QString::fromLatin1(column)).toInt();
}

// SQLite declared types, by its affinity rules refined with the common names.
void sqliteType(ColumnInfo &column, const QString &declared)
{
    static const QRegularExpression sized(
        QStringLiteral("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)"));
    const QString upper = declared.toUpper();
    const auto m = sized.match(upper);
    const int first = m.hasMatch() ? m.captured(1).toInt() : 0;
    const int second = m.hasMatch() ? m.captured(2).toInt() : 0;
    if (upper.startsWith(u"BOOL")) {
        column.type = ColumnType::Boolean;
    } else if (upper.contains(u"BIGINT")) {
        column.type = ColumnType::BigInt;
    } else if (upper.contains(u"SMALLINT") || upper.contains(u"TINYINT")) {
        column.type = ColumnType::SmallInt;
    } else if (upper.contains(u"INT")) {
        column.type = ColumnType::Integer;
    } else if (upper.contains(u"NUMERIC") || upper.contains(u"DECIMAL")) {
        column.type = ColumnType::Decimal;
        column.precision = first;
        column.scale = second;
    } else if (upper.contains(u"REAL") || upper.contains(u"FLOA") || upper.contains(u"DOUB")) {
        column.type = ColumnType::Double;
    } else if (upper.contains(u"CHAR") && first > 0) {
        column.type = ColumnType::String;
        column.length = first;
    } else if (upper.contains(u"CHAR") || upper.contains(u"CLOB") || upper.contains(u"TEXT")) {
        column.type = ColumnType::Text;
    } else if (upper.contains(u"BLOB") || upper.isEmpty()) {
        column.type = upper.isEmpty() ? ColumnType::Text : ColumnType::Binary;
    } else if (upper.startsWith(u"DATETIME") || upper.startsWith(u"TIMESTAMP")) {
        column.type = ColumnType::DateTime;
    } else if (upper.startsWith(u"DATE")) {
        column.type = ColumnType::Date;
    } else if (upper.startsWith(u"TIME")) {
        column.type = ColumnType::Time;
    } else if (upper.startsWith(u"JSON")) {
        column.type = ColumnType::Json;
    } else if (upper.startsWith(u"UUID")) {
        column.type = ColumnType::Uuid;
    } else {
        column.type = ColumnType::Text;
    }
}

void postgresType(ColumnInfo &column, const QString &dataType, const QString &udt, int length,
                  int precision, int scale)
{
    static const std::map<QString, ColumnType> types = {
        {QStringLiteral("boolean"), ColumnType::Boolean},
        {QStringLiteral("smallint"), ColumnType::SmallInt},
        {QStringLiteral("integer"), ColumnType::Integer},
        {QStringLiteral("bigint"), ColumnType::BigInt},
        {QStringLiteral("real"), ColumnType::Real},
        {QStringLiteral("double precision"), ColumnType::Double},
        {QStringLiteral("numeric"), ColumnType::Decimal},
        {QStringLiteral("character varying"), ColumnType::String},
        {QStringLiteral("character"), ColumnType::String},
        {QStringLiteral("text"), ColumnType::Text},
        {QStringLiteral("bytea"), ColumnType::Binary},
        {QStringLiteral("date"), ColumnType::Date},
        {QStringLiteral("time without time zone"), ColumnType::Time},
        {QStringLiteral("time with time zone"), ColumnType::Time},
        {QStringLiteral("timestamp without time zone"), ColumnType::DateTime},
        {QStringLiteral("timestamp with time zone"), ColumnType::DateTimeTz},
        {QStringLiteral("json"), ColumnType::Json},
        {QStringLiteral("jsonb"), ColumnType::Json},
        {QStringLiteral("uuid"), ColumnType::Uuid},
    };
    column.databaseType = dataType == u"ARRAY" || dataType == u"USER-DEFINED" ? udt : dataType;
    if (dataType == u"ARRAY") {
        column.isArray = true;
        column.type = ColumnType::Json; // arrays travel as JSON arrays
        return;
    }
    const auto it = types.find(dataType);
    column.type = it == types.end() ? ColumnType::Text : it->second;
    if (column.type == ColumnType::String)
        column.length = length;
    if (column.type == ColumnType::Decimal) {
        column.precision = precision;
        column.scale = scale;
    }
}

void mysqlType(ColumnInfo &column, const QString &dataType, const QString &columnType, int length,
               int precision, int scale)
{
    const QString type = dataType.toLower();
    column.databaseType = columnType;
    if (columnType.toLower().startsWith(u"tinyint(1)") || type == u"bool" || type == u"boolean") {
        column.type = ColumnType::Boolean;
    } else if (type == u"tinyint" || type == u"smallint") {
        column.type = ColumnType::SmallInt;
    } else if (type == u"mediumint" || type == u"int" || type == u"integer") {
        column.type = columnType.contains(u"unsigned") ? ColumnType::BigInt : ColumnType::Integer;
    } else if (type == u"bigint") {
        column.type = ColumnType::BigInt;
    } else if (type == u"float") {
        column.type = ColumnType::Real;
    } else if (type == u"double" || type == u"real") {
        column.type = ColumnType::Double;
    } else if (type == u"decimal" || type == u"numeric") {
        column.type = ColumnType::Decimal;
        column.precision = precision;
        column.scale = scale;
    } else if (type == u"varchar" || type == u"char") {
        column.type = ColumnType::String;
        column.length = length;
    } else if (type.endsWith(u"text")) {
        column.type = ColumnType::Text;
    } else if (type.endsWith(u"blob") || type == u"binary" || type == u"varbinary") {
        column.type = ColumnType::Binary;
    } else if (type == u"date") {
        column.type = ColumnType::Date;
    } else if (type == u"time") {
        column.type = ColumnType::Time;
    } else if (type == u"datetime" || type == u"timestamp") {
        column.type = ColumnType::DateTime;
    } else if (type == u"json") {
        column.type = ColumnType::Json;
    } else if (type == u"uuid") {
        column.type = ColumnType::Uuid;
    } else if (type == u"enum") {
        column.type = ColumnType::String;
        static const QRegularExpression quoted(QStringLiteral("'((?:[^']|'')*)'"));
        for (auto it = quoted.globalMatch(columnType); it.hasNext();)
            column.enumValues << it.next().captured(1).replace(QStringLiteral("''"),
                                                               QStringLiteral("'"));
    } else {
        column.type = ColumnType::Text;
    }
}

// ON DELETE / ON UPDATE as SQL words; PostgreSQL reports one-letter codes. NO ACTION is empty.
QString referentialAction(const QString &reported)
{
    const QString upper = reported.trimmed().toUpper();
    if (upper == u"C" || upper == u"CASCADE")
        return QStringLiteral("CASCADE");
    if (upper == u"N" || upper == u"SET NULL")
        return QStringLiteral("SET NULL");
    if (upper == u"D" || upper == u"SET DEFAULT")
        return QStringLiteral("SET DEFAULT");
    if (upper == u"R" || upper == u"RESTRICT")
        return QStringLiteral("RESTRICT");
    return {};
}

// A default as the database reports it: a literal becomes defaultValue, the rest an expression.
void applyDefault(ColumnInfo &column, const QVariant &raw)
{
    if (raw.isNull())
        return;
    QString value = raw.toString().trimmed();
    static const QRegularExpression quotedLiteral(
        QStringLiteral("^'((?:[^']|'')*)'(?:::[\\w\\s\".]+)?$"));
    static const QRegularExpression numeric(QStringLiteral("^-?\\d+(\\.\\d+)?$"));
    if (const auto m = quotedLiteral.match(value); m.hasMatch())
        column.defaultValue = m.captured(1).replace(QStringLiteral("''"), QStringLiteral("'"));
    else if (numeric.match(value).hasMatch())
        column.defaultValue = value;
    else if (value.compare(u"NULL", Qt::CaseInsensitive) == 0)
        return;
    else if (value.compare(u"true", Qt::CaseInsensitive) == 0 ||
             value.compare(u"false", Qt::CaseInsensitive) == 0)
        column.defaultValue = value.compare(u"true", Qt::CaseInsensitive) == 0;
    else
        column.defaultExpression = value;
}

struct Inspection
{
    const Database &db;
    Engine engine;
    QString schema;

    QueryResult run(const QString &sql, const QVariantMap &params = {}) const
    {
        return db.execute(sql, params);
    }

    QStringList tableNames() const
    {
        QueryResult r;
        switch (engine) {
        case Engine::Sqlite:
            r = run(QStringLiteral("SELECT name FROM pragma_table_list WHERE schema = :schema AND "
                                   "type IN ('table', 'view') "
                                   "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"),
                    {{QStringLiteral("schema"), schema}});
            break;
        case Engine::Postgres:
            r = run(QStringLiteral("SELECT table_name AS name FROM information_schema.tables WHERE "
                                   "table_schema = :schema "
                                   "AND table_type IN ('BASE TABLE', 'VIEW') ORDER BY table_name"),
                    {{QStringLiteral("schema"), schema}});
            break;
        case Engine::Mysql:
            r = run(QStringLiteral("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE "
                                   "TABLE_SCHEMA = :schema "
                                   "AND TABLE_TYPE IN ('BASE TABLE', 'VIEW') ORDER BY TABLE_NAME"),
                    {{QStringLiteral("schema"), schema}});
            break;
        }
        QStringList names;
        for (qsizetype i = 0; i < r.size(); ++i)
            names << text(r, i, "name");
        return names;
    }

    bool isView(const QString &table) const
    {
        switch (engine) {
        case Engine::Sqlite:
            return text(run(QStringLiteral("SELECT type FROM pragma_table_list WHERE schema = "
                                           ":schema AND name = :table"),
                            {{QStringLiteral("schema"), schema}, {QStringLiteral("table"), table}}),
                        0, "type") == u"view";
        case Engine::Postgres:
            return text(run(QStringLiteral("SELECT table_type FROM information_schema.tables WHERE "
                                           "table_schema = :schema "
                                           "AND table_name = :table"),
                            {{QStringLiteral("schema"), schema}, {QStringLiteral("table"), table}}),
                        0, "table_type") == u"VIEW";
        case Engine::Mysql:
            return text(run(QStringLiteral("SELECT TABLE_TYPE AS table_type FROM "
                                           "information_schema.TABLES WHERE "
                                           "TABLE_SCHEMA = :schema AND TABLE_NAME = :table"),
                            {{QStringLiteral("schema"), schema}, {QStringLiteral("table"), table}}),
                        0, "table_type") == u"VIEW";
        }
        return false;
    }

    void columns(EntityInfo &entity) const
    {
        const QVariantMap params = {{QStringLiteral("schema"), schema},
                                    {QStringLiteral("table"), entity.table}};
        switch (engine) {
        case Engine::Sqlite: {
            const QueryResult r =
                run(QStringLiteral(
                        "SELECT name, type, \"notnull\" AS not_null, dflt_value, pk, hidden FROM "
                        "pragma_table_xinfo(:table, :schema) ORDER BY cid"),
                    params);
            QList<QPair<int, QString>> keys;
            for (qsizetype i = 0; i < r.size(); ++i) {
                ColumnInfo column;
                column.name = text(r, i, "name");
                column.databaseType = text(r, i, "type");
                sqliteType(column, column.databaseType);
                column.nullable = number(r, i, "not_null") == 0;
                column.readOnly = number(r, i, "hidden") != 0; // generated columns
                applyDefault(column, r.value(i, u"dflt_value"));
                if (const int pk = number(r, i, "pk"); pk > 0)
                    keys << qMakePair(pk, column.name);
                entity.columns << column;
            }
            std::sort(keys.begin(), keys.end());
            for (const auto &[position, name] : keys)
                entity.primaryKey << name;
            // A single INTEGER primary key is the rowid: it numbers new rows by itself.
            if (entity.primaryKey.size() == 1) {
                for (ColumnInfo &column : entity.columns) {
                    if (column.name == entity.primaryKey.first() &&
                        column.databaseType.compare(u"INTEGER", Qt::CaseInsensitive) == 0)
                        column.autoIncrement = true;
                }
            }
            break;
        }
        case Engine::Postgres: {
            const QueryResult r = run(
                QStringLiteral("SELECT c.column_name, c.data_type, c.udt_name, c.udt_schema, "
                               "c.character_maximum_length, "
                               "c.numeric_precision, c.numeric_scale, c.is_nullable, "
                               "c.column_default, c.is_identity, "
                               "c.is_generated, c.is_updatable FROM information_schema.columns c "
                               "WHERE c.table_schema = :schema AND c.table_name = :table ORDER BY "
                               "c.ordinal_position"),
                params);
            for (qsizetype i = 0; i < r.size(); ++i) {
                ColumnInfo column;
                column.name = text(r, i, "column_name");
                postgresType(column, text(r, i, "data_type"), text(r, i, "udt_name"),
                             number(r, i, "character_maximum_length"),
                             number(r, i, "numeric_precision"), number(r, i, "numeric_scale"));
                column.nullable = text(r, i, "is_nullable") == u"YES";
                const QString defaultText = text(r, i, "column_default");
                column.autoIncrement =
                    text(r, i, "is_identity") == u"YES" || defaultText.startsWith(u"nextval(");
                column.readOnly = text(r, i, "is_generated") == u"ALWAYS";
                if (!column.autoIncrement)
                    applyDefault(column, r.value(i, u"column_default"));
                if (text(r, i, "data_type") == u"USER-DEFINED") {
                    const QueryResult labels =
                        run(QStringLiteral("SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON "
                                           "t.oid = e.enumtypid "
                                           "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE "
                                           "t.typname = :type AND "
                                           "n.nspname = :schema ORDER BY e.enumsortorder"),
                            {{QStringLiteral("type"), text(r, i, "udt_name")},
                             {QStringLiteral("schema"), text(r, i, "udt_schema")}});
                    for (qsizetype l = 0; l < labels.size(); ++l)
                        column.enumValues << text(labels, l, "enumlabel");
                    if (!column.enumValues.isEmpty())
                        column.type = ColumnType::String;
                }
                entity.columns << column;
            }
            const QueryResult keys =
                run(QStringLiteral(
                        "SELECT k.column_name FROM information_schema.table_constraints t JOIN "
                        "information_schema.key_column_usage k ON k.constraint_name = "
                        "t.constraint_name AND "
                        "k.constraint_schema = t.constraint_schema AND k.table_name = t.table_name "
                        "WHERE "
                        "t.constraint_type = 'PRIMARY KEY' AND t.table_schema = :schema AND "
                        "t.table_name = :table "
                        "ORDER BY k.ordinal_position"),
                    params);
            for (qsizetype i = 0; i < keys.size(); ++i)
                entity.primaryKey << text(keys, i, "column_name");
            break;
        }
        case Engine::Mysql: {
            const QueryResult r = run(
                QStringLiteral(
                    "SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS "
                    "column_type, "
                    "CHARACTER_MAXIMUM_LENGTH AS length, NUMERIC_PRECISION AS numeric_precision, "
                    "NUMERIC_SCALE AS numeric_scale, IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS "
                    "column_default, EXTRA AS extra, COLUMN_KEY AS column_key FROM "
                    "information_schema.COLUMNS "
                    "WHERE TABLE_SCHEMA = :schema AND TABLE_NAME = :table ORDER BY "
                    "ORDINAL_POSITION"),
                params);
            for (qsizetype i = 0; i < r.size(); ++i) {
                ColumnInfo column;
                column.name = text(r, i, "name");
                mysqlType(column, text(r, i, "data_type"), text(r, i, "column_type"),
                          number(r, i, "length"), number(r, i, "numeric_precision"),
                          number(r, i, "numeric_scale"));
                column.nullable = text(r, i, "is_nullable") == u"YES";
                const QString extra = text(r, i, "extra").toLower();
                column.autoIncrement = extra.contains(u"auto_increment");
                column.readOnly = extra.contains(u"virtual generated") ||
                                  extra.contains(u"stored generated") ||
                                  extra == u"persistent generated" || extra == u"virtual" ||
                                  extra == u"persistent";
                applyDefault(column, r.value(i, u"column_default"));
                entity.columns << column;
            }
            const QueryResult keys =
                run(QStringLiteral("SELECT COLUMN_NAME AS name FROM "
                                   "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = "
                                   ":schema AND TABLE_NAME = :table AND CONSTRAINT_NAME = "
                                   "'PRIMARY' ORDER BY ORDINAL_POSITION"),
                    params);
            for (qsizetype i = 0; i < keys.size(); ++i)
                entity.primaryKey << text(keys, i, "name");
            break;
        }
        }
        for (ColumnInfo &column : entity.columns) {
            column.metaType = metaTypeFor(column.type);
            if (entity.primaryKey.contains(column.name))
                column.primaryKey = true;
            if (entity.readOnly)
                column.readOnly = true;
        }
    }

    void foreignKeys(EntityInfo &entity) const
    {
        const QVariantMap params = {{QStringLiteral("schema"), schema},
                                    {QStringLiteral("table"), entity.table}};
        QueryResult r;
        switch (engine) {
        case Engine::Sqlite:
            r = run(
                QStringLiteral("SELECT 'fk_' || id AS name, \"from\" AS column_name, \"table\" "
                               "AS referenced_table, "
                               "\"to\" AS referenced_column, '' AS referenced_schema, on_delete, "
                               "on_update FROM "
                               "pragma_foreign_key_list(:table, :schema) ORDER BY id, seq"),
                params);
            break;
        case Engine::Postgres:
            r = run(
                QStringLiteral(
                    "SELECT con.conname AS name, att.attname AS column_name, fcl.relname AS "
                    "referenced_table, "
                    "fatt.attname AS referenced_column, fns.nspname AS referenced_schema, "
                    "con.confdeltype AS on_delete, con.confupdtype AS on_update "
                    "FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                    "JOIN pg_namespace ns ON ns.oid = cl.relnamespace "
                    "JOIN pg_class fcl ON fcl.oid = con.confrelid JOIN pg_namespace fns ON fns.oid "
                    "= fcl.relnamespace "
                    "CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, "
                    "fcol, ord) "
                    "JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.col "
                    "JOIN pg_attribute fatt ON fatt.attrelid = con.confrelid AND fatt.attnum = "
                    "k.fcol "
                    "WHERE con.contype = 'f' AND ns.nspname = :schema AND cl.relname = :table "
                    "ORDER BY con.conname, k.ord"),
                params);
            break;
        case Engine::Mysql:
            r = run(QStringLiteral(
                        "SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name, "
                        "k.REFERENCED_TABLE_NAME AS referenced_table, k.REFERENCED_COLUMN_NAME AS "
                        "referenced_column, k.REFERENCED_TABLE_SCHEMA AS referenced_schema, "
                        "rc.DELETE_RULE AS on_delete, rc.UPDATE_RULE AS on_update "
                        "FROM information_schema.KEY_COLUMN_USAGE k "
                        "JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON "
                        "rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = "
                        "k.CONSTRAINT_NAME AND rc.TABLE_NAME = k.TABLE_NAME "
                        "WHERE k.TABLE_SCHEMA = :schema AND k.TABLE_NAME = :table AND "
                        "k.REFERENCED_TABLE_NAME IS NOT NULL "
                        "ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION"),
                    params);
            break;
        }
        for (qsizetype i = 0; i < r.size(); ++i) {
            const QString name = text(r, i, "name");
            if (entity.foreignKeys.isEmpty() || entity.foreignKeys.last().name != name) {
                ForeignKeyInfo key;
                key.name = name;
                const QString referencedSchema = text(r, i, "referenced_schema");
                key.referencedTable =
                    referencedSchema.isEmpty() || referencedSchema == schema
                        ? text(r, i, "referenced_table")
                        : referencedSchema + u'.' + text(r, i, "referenced_table");
                key.onDelete = referentialAction(text(r, i, "on_delete"));
                key.onUpdate = referentialAction(text(r, i, "on_update"));
                entity.foreignKeys << key;
            }
            entity.foreignKeys.last().columns << text(r, i, "column_name");
            entity.foreignKeys.last().referencedColumns << text(r, i, "referenced_column");
        }
    }

    void indexes(EntityInfo &entity) const
    {
        const QVariantMap params = {{QStringLiteral("schema"), schema},
                                    {QStringLiteral("table"), entity.table}};
        QueryResult r;
        switch (engine) {
        case Engine::Sqlite:
            r = run(
                QStringLiteral(
                    "SELECT l.name AS name, l.\"unique\" AS is_unique, i.name AS column_name FROM "
                    "pragma_index_list(:table, :schema) l, pragma_index_info(l.name, :schema) i "
                    "WHERE l.origin <> 'pk' ORDER BY l.name, i.seqno"),
                params);
            break;
        case Engine::Postgres:
            r = run(
                QStringLiteral(
                    "SELECT i.relname AS name, ix.indisunique AS is_unique, a.attname AS "
                    "column_name "
                    "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON "
                    "i.oid = "
                    "ix.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace CROSS JOIN "
                    "LATERAL "
                    "unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON "
                    "a.attrelid = t.oid AND a.attnum = k.attnum WHERE n.nspname = :schema AND "
                    "t.relname "
                    "= :table AND NOT ix.indisprimary ORDER BY i.relname, k.ord"),
                params);
            break;
        case Engine::Mysql:
            r = run(QStringLiteral(
                        "SELECT INDEX_NAME AS name, NON_UNIQUE = 0 AS is_unique, COLUMN_NAME AS "
                        "column_name "
                        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = :schema AND "
                        "TABLE_NAME = "
                        ":table AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX"),
                    params);
            break;
        }
        for (qsizetype i = 0; i < r.size(); ++i) {
            const QString name = text(r, i, "name");
            if (entity.indexes.isEmpty() || entity.indexes.last().name != name) {
                IndexInfo index;
                index.name = name;
                const QVariant unique = r.value(i, u"is_unique");
                index.unique = unique.toString() == u"t" || unique.toString() == u"true" ||
                               unique.toInt() == 1;
                entity.indexes << index;
            }
            entity.indexes.last().columns << text(r, i, "column_name");
        }
        for (const IndexInfo &index : std::as_const(entity.indexes)) {
            if (index.unique && index.columns.size() == 1) {
                for (ColumnInfo &column : entity.columns) {
                    if (column.name == index.columns.first() && !column.primaryKey)
                        column.unique = true;
                }
            }
        }
    }
};

QString relationName(QString base, const EntityInfo &entity)
{
    if (base.isEmpty())
        base = QStringLiteral("related");
    QString name = base;
    for (int n = 2; entity.relation(name) || entity.column(name); ++n)
        name = base + QString::number(n);
    return name;
}

// "artist_id" -> "artist", "ArtistId" -> "Artist", "reports_to" -> "reports_to"
QString stripIdSuffix(const QString &column)
{
    if (column.endsWith(QStringLiteral("_id"), Qt::CaseInsensitive) && column.size() > 3)
        return column.chopped(3);
    if (column.endsWith(QStringLiteral("Id")) && column.size() > 2)
        return column.chopped(2);
    return column;
}

void inferRelations(QList<EntityInfo> &entities)
{
    const auto byTable = [&](const QString &table) -> EntityInfo * {
        for (EntityInfo &e : entities) {
            if (e.table == table || e.qualifiedTable() == table)
                return &e;
        }
        return nullptr;
    };
    // A pure join table: its primary key is exactly two single-column foreign keys.
    const auto isJoinTable = [](const EntityInfo &e) {
        if (e.foreignKeys.size() != 2 || e.primaryKey.size() != 2)
            return false;
        QStringList fkColumns;
        for (const ForeignKeyInfo &fk : e.foreignKeys) {
            if (fk.columns.size() != 1)
                return false;
            fkColumns << fk.columns.first();
        }
        QStringList key = e.primaryKey;
        key.sort();
        fkColumns.sort();
        return key == fkColumns;
    };
    for (EntityInfo &child : entities) {
        for (const ForeignKeyInfo &fk : std::as_const(child.foreignKeys)) {
            EntityInfo *parent = byTable(fk.referencedTable);
            if (!parent || fk.columns.size() != 1)
                continue; // composite foreign keys are kept as keys, not relations
            RelationInfo belongsTo;
            belongsTo.kind = RelationInfo::BelongsTo;
            belongsTo.target = parent->name;
            belongsTo.foreignKey = fk.columns.first();
            belongsTo.localKey = fk.referencedColumns.first();
            // Named after the key column without its id suffix ("artist_id" -> "artist"); a column
            // without one ("reports_to") would clash with the column itself, so the table joins in.
            const QString stripped = stripIdSuffix(fk.columns.first());
            belongsTo.name = relationName(
                stripped == fk.columns.first() ? stripped + u'_' + parent->table : stripped, child);
            child.relations << belongsTo;

            int fromSameChild = 0;
            for (const ForeignKeyInfo &other : std::as_const(child.foreignKeys))
                fromSameChild += other.referencedTable == fk.referencedTable ? 1 : 0;
            RelationInfo hasMany;
            hasMany.kind = RelationInfo::HasMany;
            hasMany.target = child.name;
            hasMany.foreignKey = fk.columns.first();
            hasMany.localKey = fk.referencedColumns.first();
            const QString base = fromSameChild > 1 || parent == &child
                                     ? child.table + u'_' + stripIdSuffix(fk.columns.first())
                                     : child.table;
            hasMany.name = relationName(base, *parent);
            parent->relations << hasMany;
        }
    }
    for (const EntityInfo &pivot : std::as_const(entities)) {
        if (!isJoinTable(pivot))
            continue;
        for (int side = 0; side < 2; ++side) {
            const ForeignKeyInfo &mine = pivot.foreignKeys[side];
            const ForeignKeyInfo &theirs = pivot.foreignKeys[1 - side];
            EntityInfo *from = byTable(mine.referencedTable);
            EntityInfo *to = byTable(theirs.referencedTable);
            if (!from || !to)
                continue;
            RelationInfo many;
            many.kind = RelationInfo::BelongsToMany;
            many.target = to->name;
            many.pivotTable = pivot.qualifiedTable();
            many.pivotForeignKey = mine.columns.first();
            many.pivotRelatedKey = theirs.columns.first();
            many.localKey = mine.referencedColumns.first();
            many.foreignKey = theirs.referencedColumns.first();
            many.name = relationName(to->table + QStringLiteral("_via_") + pivot.table, *from);
            if (from != to || side == 0)
                from->relations << many;
        }
    }
}

} // namespace

SchemaInspector::SchemaInspector(Database db) : m_db(std::move(db)) {}

QString SchemaInspector::defaultSchema() const
{
    switch (engineOf(m_db)) {
    case Engine::Sqlite:
        return QStringLiteral("main");
    case Engine::Postgres:
        return m_db.execute(QStringLiteral("SELECT current_schema() AS s")).value(0, 0).toString();
    case Engine::Mysql:
        return m_db.execute(QStringLiteral("SELECT DATABASE() AS s")).value(0, 0).toString();
    }
    return {};
}

QStringList SchemaInspector::tables(const QString &schema) const
{
    const Inspection inspection{m_db, engineOf(m_db), schema.isEmpty() ? defaultSchema() : schema};
    return inspection.tableNames();
}

EntityInfo SchemaInspector::inspect(const QString &table, const QString &schema) const
{
    const QString resolvedSchema = schema.isEmpty() ? defaultSchema() : schema;
    const Inspection inspection{m_db, engineOf(m_db), resolvedSchema};
    if (!inspection.tableNames().contains(table))
        throw MetadataError(QStringLiteral("%1 has no table or view \"%2\" in schema \"%3\"")
                                .arg(m_db.dialect().displayName(), table, resolvedSchema));
    EntityInfo entity;
    entity.table = table;
    entity.name = table;
    if (!schema.isEmpty() && schema != defaultSchema()) {
        entity.schema = schema;
        entity.name = schema + u'_' + table;
    }
    entity.readOnly = inspection.isView(table);
    inspection.columns(entity);
    inspection.foreignKeys(entity);
    inspection.indexes(entity);
    return entity;
}

QList<EntityInfo> SchemaInspector::inspectAll(const QString &schema) const
{
    QList<EntityInfo> entities;
    for (const QString &table : tables(schema))
        entities << inspect(table, schema);
    inferRelations(entities);
    return entities;
}

QList<EntityInfo> SchemaInspector::servedEntities(const QString &schema,
                                                  const Registry *models) const
{
    if (!models)
        models = &Registry::global();
    QList<EntityInfo> served;
    QSet<QString> modelsServed;
    for (EntityInfo &entity : inspectAll(schema)) {
        if (entity.table == Migrator::trackerTable() ||
            entity.table == ChangeLogPrivate::changeTable())
            continue;
        if (const EntityInfo *model = models->findByTable(entity.table)) {
            if (!modelsServed.contains(model->name)) {
                modelsServed.insert(model->name);
                served << *model;
            }
            continue;
        }
        served << std::move(entity);
    }
    return served;
}

QStringList SchemaInspector::registerAll(Registry &registry, const QString &schema) const
{
    QStringList names;
    for (EntityInfo &entity : inspectAll(schema)) {
        names << entity.name;
        registry.registerEntity(std::move(entity));
    }
    return names;
}

} // namespace RexOrm
