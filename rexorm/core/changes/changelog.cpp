#include "changelog_p.h"

#include <rexorm/changes/changelog.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>

#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace RexOrm {

namespace ChangeLogPrivate {

Engine engineOf(const Dialect &dialect)
{
    const QString name = dialect.name();
    if (name == u"sqlite")
        return Engine::Sqlite;
    if (name == u"postgres")
        return Engine::Postgres;
    return Engine::Mysql;
}

bool isOwnTable(const QString &table)
{
    return table == changeTable() || table == u"rex_migrations" ||
           table.startsWith(u"rex_migrations_") || table.startsWith(u"sqlite_");
}

QVariant typedValue(const QJsonValue &text, const ColumnInfo *column, const Dialect &dialect)
{
    if (!column) // a column the metadata does not know: the text as it came
        return text.isNull() ? QVariant(QMetaType::fromType<QString>()) : text.toVariant();
    if (text.isNull() || text.isUndefined())
        return QVariant(column->metaType.isValid() ? column->metaType
                                                   : QMetaType::fromType<QString>());
    QString value = text.isString() ? text.toString() : text.toVariant().toString();
    switch (column->type) {
    case ColumnType::Binary:
        // The triggers write bytes as hex; PostgreSQL's to_jsonb writes bytea as "\x...".
        if (value.startsWith(u"\\x"))
            value = value.mid(2);
        return QByteArray::fromHex(value.toLatin1());
    case ColumnType::Json:
        // A JSON column's text is the document, but a JSON string at the top arrives unquoted
        // (PostgreSQL's jsonb_each_text): what does not parse is that string.
        if (text.isString()) {
            const QJsonDocument document = QJsonDocument::fromJson("[" + value.toUtf8() + "]");
            if (document.isNull())
                return QVariant::fromValue(QJsonValue(value));
        }
        break;
    default:
        break;
    }
    return dialect.fromDatabaseValue(value, column->type);
}

QVariantMap typedRow(const QJsonObject &row, const EntityInfo *entity, const Dialect &dialect)
{
    QVariantMap values;
    for (auto it = row.begin(); it != row.end(); ++it)
        values.insert(it.key(),
                      typedValue(it.value(), entity ? entity->column(it.key()) : nullptr, dialect));
    return values;
}

} // namespace ChangeLogPrivate

namespace {

using namespace ChangeLogPrivate;

// Installing writes only RexOrm's own objects: no change events for it.
ExecOptions ddl()
{
    ExecOptions options;
    options.publishesOwnEvents = true;
    return options;
}

// Names and table names inside trigger bodies cannot be bound: they are checked against the
// inspected metadata first, then written as string literals with quotes (and, on MySQL,
// backslashes) escaped.
QString stringLiteral(const Dialect &dialect, QString text)
{
    if (dialect.sqlSyntax().backslashEscapes)
        text.replace(u'\\', QStringLiteral("\\\\"));
    text.replace(u'\'', QStringLiteral("''"));
    return u'\'' + text + u'\'';
}

// The trigger of one table and operation on SQLite and MySQL/MariaDB; MySQL names end at 64.
QString triggerName(const QString &table, QStringView operation)
{
    QString name = triggerPrefix() + table + u'_' + operation.toString();
    if (name.size() <= 64)
        return name;
    const QByteArray hash =
        QCryptographicHash::hash(table.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    return triggerPrefix() + table.left(40) + u'_' + QString::fromLatin1(hash) + u'_' +
           operation.toString();
}

// The tables to cover: the named ones (each checked), or every table with a primary key.
QList<EntityInfo> selectTables(const Database &db, const QStringList &requested)
{
    const SchemaInspector inspector(db);
    const QStringList existing = inspector.tables();
    QList<EntityInfo> entities;
    if (requested.isEmpty()) {
        for (const QString &table : existing) {
            if (isOwnTable(table))
                continue;
            EntityInfo entity = inspector.inspect(table);
            if (entity.readOnly)
                continue; // a view
            if (entity.primaryKey.isEmpty()) {
                qCWarning(lcRealtime, "table %s has no primary key: its changes are not captured",
                          qPrintable(table));
                continue;
            }
            entities << entity;
        }
        return entities;
    }
    for (const QString &table : requested) {
        if (!existing.contains(table)) {
            QStringList candidates;
            for (const QString &name : existing) {
                if (!isOwnTable(name))
                    candidates << name;
            }
            throw MetadataError(
                QStringLiteral("No table %1 in the database (there are: %2); name an existing "
                               "table")
                    .arg(table, candidates.isEmpty() ? QStringLiteral("none")
                                                     : candidates.join(QStringLiteral(", "))));
        }
        if (isOwnTable(table))
            throw MetadataError(
                QStringLiteral("%1 is RexOrm's own table; its changes cannot be captured")
                    .arg(table));
        EntityInfo entity = inspector.inspect(table);
        if (entity.readOnly)
            throw MetadataError(
                QStringLiteral("%1 is a view; install change capture on its tables").arg(table));
        if (entity.primaryKey.isEmpty())
            throw MetadataError(QStringLiteral("Table %1 has no primary key, so its changes "
                                               "cannot name their rows; add one first")
                                    .arg(table));
        if (!std::any_of(entities.begin(), entities.end(),
                         [&](const EntityInfo &e) { return e.table == table; }))
            entities << entity;
    }
    return entities;
}

// ---- PostgreSQL: pg_notify from one trigger function -------------------------------------

// Values become text (jsonb_each_text of to_jsonb(row)): 64-bit integers and decimals stay exact.
// TG_ARGV holds the primary-key columns. A per-transaction counter ("n") keeps two payloads of
// one transaction apart: NOTIFY folds identical ones into one.
QString postgresFunctionSql()
{
    return QStringLiteral(
               R"SQL(CREATE OR REPLACE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $rex$
DECLARE
    new_row jsonb;
    old_row jsonb;
    row_key jsonb;
    old_key jsonb;
    counter bigint;
    payload text;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        SELECT jsonb_object_agg(e.key, e.value) INTO new_row FROM jsonb_each_text(to_jsonb(NEW)) e;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT jsonb_object_agg(e.key, e.value) INTO old_row FROM jsonb_each_text(to_jsonb(OLD)) e;
        SELECT jsonb_object_agg(k, old_row -> k) INTO old_key FROM unnest(TG_ARGV) AS k;
    END IF;
    SELECT jsonb_object_agg(k, coalesce(new_row, old_row) -> k) INTO row_key FROM unnest(TG_ARGV) AS k;
    counter := coalesce(nullif(current_setting('rexorm.change_counter', true), ''), '0')::bigint + 1;
    PERFORM set_config('rexorm.change_counter', counter::text, true);
    payload := jsonb_build_object('schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME,
        'op', lower(TG_OP), 'n', counter, 'key', row_key, 'oldKey', old_key,
        'new', new_row, 'old', old_row)::text;
    IF octet_length(payload) >= %3 THEN
        payload := jsonb_build_object('schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME,
            'op', lower(TG_OP), 'n', counter, 'key', row_key, 'oldKey', old_key,
            'truncated', true)::text;
    END IF;
    PERFORM pg_notify('%2', payload);
    RETURN NULL;
END
$rex$)SQL")
        .arg(notifyFunction(), notifyChannel())
        .arg(notifyPayloadLimit);
}

QStringList postgresInstalled(const Database &db)
{
    const QueryResult result = db.execute(
        QStringLiteral("SELECT DISTINCT c.relname FROM pg_trigger t "
                       "JOIN pg_class c ON c.oid = t.tgrelid "
                       "JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE t.tgname = ? AND NOT t.tgisinternal AND n.nspname = current_schema() "
                       "ORDER BY c.relname"),
        {notifyTrigger()});
    QStringList tables;
    for (qsizetype row = 0; row < result.size(); ++row)
        tables << result.value(row, 0).toString();
    return tables;
}

void postgresInstall(const Database &db, const QList<EntityInfo> &entities)
{
    const Dialect &dialect = db.dialect();
    db.transaction([&] {
        db.execute(postgresFunctionSql(), QVariantList(), ddl());
        for (const EntityInfo &entity : entities) {
            const QString table = dialect.quoteIdentifier(entity.table);
            const QString trigger = dialect.quoteIdentifier(notifyTrigger());
            QStringList keyArguments;
            for (const QString &column : entity.primaryKey)
                keyArguments << stringLiteral(dialect, column);
            db.execute(QStringLiteral("DROP TRIGGER IF EXISTS %1 ON %2").arg(trigger, table),
                       QVariantList(), ddl());
            db.execute(QStringLiteral("CREATE TRIGGER %1 AFTER INSERT OR UPDATE OR DELETE ON %2 "
                                      "FOR EACH ROW EXECUTE FUNCTION %3(%4)")
                           .arg(trigger, table, dialect.quoteIdentifier(notifyFunction()),
                                keyArguments.join(QStringLiteral(", "))),
                       QVariantList(), ddl());
        }
    });
}

void postgresUninstall(const Database &db, const QStringList &tables, bool all)
{
    const Dialect &dialect = db.dialect();
    db.transaction([&] {
        for (const QString &table : tables)
            db.execute(
                QStringLiteral("DROP TRIGGER IF EXISTS %1 ON %2")
                    .arg(dialect.quoteIdentifier(notifyTrigger()), dialect.quoteIdentifier(table)),
                QVariantList(), ddl());
        if (all)
            db.execute(QStringLiteral("DROP FUNCTION IF EXISTS %1()")
                           .arg(dialect.quoteIdentifier(notifyFunction())),
                       QVariantList(), ddl());
    });
}

// ---- SQLite and MySQL/MariaDB: a change-log table filled by triggers -----------------------

// (trigger name, table) of every change-log trigger.
QList<std::pair<QString, QString>> logTriggers(const Database &db)
{
    const QString pattern = triggerPrefix().replace(u'_', QStringLiteral("\\_")) + u'%';
    const QueryResult result =
        engineOf(db.dialect()) == Engine::Sqlite
            ? db.execute(QStringLiteral("SELECT name, tbl_name FROM sqlite_master WHERE type = "
                                        "'trigger' AND name LIKE ? ESCAPE '\\' ORDER BY tbl_name"),
                         {pattern})
            : db.execute(QStringLiteral("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM "
                                        "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = "
                                        "DATABASE() AND TRIGGER_NAME LIKE ? "
                                        "ORDER BY EVENT_OBJECT_TABLE"),
                         {pattern});
    QList<std::pair<QString, QString>> triggers;
    for (qsizetype row = 0; row < result.size(); ++row)
        triggers.append({result.value(row, 0).toString(), result.value(row, 1).toString()});
    return triggers;
}

QString createChangeTableSql(Engine engine)
{
    if (engine == Engine::Sqlite)
        return QStringLiteral(
                   "CREATE TABLE IF NOT EXISTS %1 (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                   "table_name TEXT NOT NULL, op TEXT NOT NULL, new_row TEXT, old_row TEXT, "
                   "created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))")
            .arg(changeTable());
    return QStringLiteral(
               "CREATE TABLE IF NOT EXISTS %1 (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY "
               "KEY, table_name VARCHAR(64) NOT NULL, op VARCHAR(6) NOT NULL, new_row "
               "LONGTEXT NULL, old_row LONGTEXT NULL, created_at TIMESTAMP(6) NOT NULL "
               "DEFAULT CURRENT_TIMESTAMP(6), KEY %1_created (created_at)) "
               "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
        .arg(changeTable());
}

// One column's value as text (or NULL) inside a trigger: bytes as hex, SQLite reals exact.
QString textExpression(Engine engine, const Dialect &dialect, QStringView row,
                       const ColumnInfo &column)
{
    const QString value = row.toString() + u'.' + dialect.quoteIdentifier(column.name);
    if (engine == Engine::Sqlite) {
        if (column.type == ColumnType::Binary)
            return QStringLiteral("CASE WHEN %1 IS NULL THEN NULL ELSE hex(%1) END").arg(value);
        // CAST(real AS TEXT) keeps 15 digits; quote() writes a real so that it reads back exact.
        if (column.type == ColumnType::Real || column.type == ColumnType::Double)
            return QStringLiteral("CASE WHEN typeof(%1) = 'real' THEN quote(%1) ELSE CAST(%1 AS "
                                  "TEXT) END")
                .arg(value);
        return QStringLiteral("CAST(%1 AS TEXT)").arg(value);
    }
    if (column.type == ColumnType::Binary)
        return QStringLiteral("HEX(%1)").arg(value);
    return QStringLiteral("CAST(%1 AS CHAR CHARACTER SET utf8mb4)").arg(value);
}

// json_object('a', <text of a>, ...) over every column. SQLite functions take at most 127
// arguments: wide tables are written as several objects joined into one.
QString rowJsonExpression(Engine engine, const Dialect &dialect, const EntityInfo &entity,
                          QStringView row)
{
    constexpr int columnsPerObject = 60;
    QStringList objects;
    QStringList pairs;
    const auto flush = [&] {
        if (pairs.isEmpty())
            return;
        objects << (engine == Engine::Sqlite ? QStringLiteral("json_object(%1)")
                                             : QStringLiteral("JSON_OBJECT(%1)"))
                       .arg(pairs.join(QStringLiteral(", ")));
        pairs.clear();
    };
    for (const ColumnInfo &column : entity.columns) {
        pairs << stringLiteral(dialect, column.name) + QStringLiteral(", ") +
                     textExpression(engine, dialect, row, column);
        if (engine == Engine::Sqlite && pairs.size() == columnsPerObject)
            flush();
    }
    flush();
    if (objects.size() == 1)
        return objects.first();
    // {"a":..} {"b":..} -> {"a":..,"b":..}: each object's text ends in a value, never in '}'.
    QStringList parts;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        QString part = objects[i];
        if (i > 0)
            part = QStringLiteral("ltrim(%1, '{')").arg(part);
        if (i + 1 < objects.size())
            part = QStringLiteral("rtrim(%1, '}')").arg(part);
        parts << part;
    }
    return parts.join(QStringLiteral(" || ',' || "));
}

void logInstall(const Database &db, const QList<EntityInfo> &entities)
{
    const Dialect &dialect = db.dialect();
    const Engine engine = engineOf(dialect);
    const QString log = dialect.quoteIdentifier(changeTable());
    const auto work = [&] {
        db.execute(createChangeTableSql(engine), QVariantList(), ddl());
        for (const EntityInfo &entity : entities) {
            const QString table = dialect.quoteIdentifier(entity.table);
            const QString tableLiteral = stringLiteral(dialect, entity.table);
            struct Operation
            {
                const char *suffix;
                const char *event;
                const char *name;
                bool hasNew;
                bool hasOld;
            };
            static const Operation operations[] = {{"ins", "INSERT", "insert", true, false},
                                                   {"upd", "UPDATE", "update", true, true},
                                                   {"del", "DELETE", "delete", false, true}};
            for (const Operation &operation : operations) {
                const QString name = dialect.quoteIdentifier(
                    triggerName(entity.table, QString::fromLatin1(operation.suffix)));
                const QString insert =
                    QStringLiteral("INSERT INTO %1 (table_name, op, new_row, old_row) VALUES "
                                   "(%2, '%3', %4, %5)")
                        .arg(log, tableLiteral, QLatin1String(operation.name),
                             operation.hasNew ? rowJsonExpression(engine, dialect, entity, u"NEW")
                                              : QStringLiteral("NULL"),
                             operation.hasOld ? rowJsonExpression(engine, dialect, entity, u"OLD")
                                              : QStringLiteral("NULL"));
                db.execute(QStringLiteral("DROP TRIGGER IF EXISTS %1").arg(name), QVariantList(),
                           ddl());
                db.execute(engine == Engine::Sqlite
                               ? QStringLiteral("CREATE TRIGGER %1 AFTER %2 ON %3 BEGIN %4; END")
                                     .arg(name, QLatin1String(operation.event), table, insert)
                               : QStringLiteral("CREATE TRIGGER %1 AFTER %2 ON %3 FOR EACH ROW %4")
                                     .arg(name, QLatin1String(operation.event), table, insert),
                           QVariantList(), ddl());
            }
        }
    };
    // SQLite's DDL is transactional; MySQL's commits by itself, statement by statement.
    if (engine == Engine::Sqlite)
        db.transaction(work);
    else
        work();
}

void logUninstall(const Database &db, const QStringList &tables, bool all)
{
    const Dialect &dialect = db.dialect();
    const Engine engine = engineOf(dialect);
    const auto work = [&] {
        for (const auto &[trigger, table] : logTriggers(db)) {
            if (all || tables.contains(table))
                db.execute(QStringLiteral("DROP TRIGGER IF EXISTS %1")
                               .arg(dialect.quoteIdentifier(trigger)),
                           QVariantList(), ddl());
        }
        if (all)
            db.execute(QStringLiteral("DROP TABLE IF EXISTS %1")
                           .arg(dialect.quoteIdentifier(changeTable())),
                       QVariantList(), ddl());
    };
    if (engine == Engine::Sqlite)
        db.transaction(work);
    else
        work();
}

} // namespace

namespace ChangeLog {

QStringList install(const Database &database, const QStringList &tables)
{
    const QList<EntityInfo> entities = selectTables(database, tables);
    if (engineOf(database.dialect()) == Engine::Postgres)
        postgresInstall(database, entities);
    else
        logInstall(database, entities);
    QStringList covered;
    for (const EntityInfo &entity : entities)
        covered << entity.table;
    qCInfo(lcRealtime, "change capture installed on %s",
           qPrintable(covered.join(QStringLiteral(", "))));
    return covered;
}

void uninstall(const Database &database, const QStringList &tables)
{
    const QStringList installed = installedTables(database);
    for (const QString &table : tables) {
        if (!installed.contains(table))
            throw MetadataError(
                QStringLiteral("Change capture is not installed on %1 (it is on: %2)")
                    .arg(table, installed.isEmpty() ? QStringLiteral("no table")
                                                    : installed.join(QStringLiteral(", "))));
    }
    const bool all = tables.isEmpty();
    if (engineOf(database.dialect()) == Engine::Postgres)
        postgresUninstall(database, all ? installed : tables, all);
    else
        logUninstall(database, tables, all);
}

QStringList installedTables(const Database &database)
{
    if (engineOf(database.dialect()) == Engine::Postgres)
        return postgresInstalled(database);
    QStringList tables;
    for (const auto &entry : logTriggers(database)) {
        if (!tables.contains(entry.second))
            tables << entry.second;
    }
    return tables;
}

} // namespace ChangeLog
} // namespace RexOrm
