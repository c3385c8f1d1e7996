#include <rexorm/error.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/schema.h>

#include "../database/logging_p.h"
#include "naming_p.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTime>

namespace RexOrm {

namespace {

enum class Engine { Sqlite, Postgres, Mysql };

Engine engineOf(const Dialect &dialect)
{
    const QString driver = dialect.qtDriverName();
    if (driver == u"QSQLITE")
        return Engine::Sqlite;
    if (driver == u"QPSQL")
        return Engine::Postgres;
    if (driver == u"QMYSQL")
        return Engine::Mysql;
    throw Error(QStringLiteral("The schema builder renders DDL for SQLite, PostgreSQL and "
                               "MySQL/MariaDB, not for %1")
                    .arg(dialect.displayName()));
}

int columnIndex(const EntityInfo &entity, const QString &name)
{
    for (qsizetype i = 0; i < entity.columns.size(); ++i) {
        if (entity.columns[i].name == name)
            return int(i);
    }
    return -1;
}

bool isSqliteAutoIndex(const IndexInfo &index)
{
    return index.name.startsWith(u"sqlite_autoindex_");
}

bool matchesForeignKey(const ForeignKeyInfo &key, const QString &table, const QString &name)
{
    return key.name == name || defaultIndexName(table, key.columns, "foreign") == name;
}

// The table model after one change: what SQLite's rebuild creates and what toSql() tracks.
void applyToEntity(const SchemaChange &change, EntityInfo &entity)
{
    switch (change.kind) {
    case SchemaChange::AddColumn:
        entity.columns << change.column;
        if (change.column.primaryKey)
            entity.primaryKey = {change.column.name};
        break;
    case SchemaChange::DropColumn: {
        const int at = columnIndex(entity, change.name);
        if (at < 0)
            throw Error(QStringLiteral("Cannot drop column %1.%2: there is no such column")
                            .arg(change.table, change.name));
        entity.columns.removeAt(at);
        entity.primaryKey.removeAll(change.name);
        entity.indexes.removeIf(
            [&](const IndexInfo &index) { return index.columns.contains(change.name); });
        entity.foreignKeys.removeIf(
            [&](const ForeignKeyInfo &key) { return key.columns.contains(change.name); });
        break;
    }
    case SchemaChange::RenameColumn: {
        const int at = columnIndex(entity, change.name);
        if (at < 0)
            throw Error(QStringLiteral("Cannot rename column %1.%2: there is no such column")
                            .arg(change.table, change.name));
        entity.columns[at].name = change.newName;
        const auto rename = [&](QStringList &names) {
            for (QString &n : names) {
                if (n == change.name)
                    n = change.newName;
            }
        };
        rename(entity.primaryKey);
        for (IndexInfo &index : entity.indexes)
            rename(index.columns);
        for (ForeignKeyInfo &key : entity.foreignKeys)
            rename(key.columns);
        break;
    }
    case SchemaChange::AlterColumn: {
        const int at = columnIndex(entity, change.column.name);
        if (at < 0)
            throw Error(QStringLiteral("Cannot change column %1.%2: there is no such column")
                            .arg(change.table, change.column.name));
        entity.columns[at] = change.column;
        break;
    }
    case SchemaChange::AddIndex:
        entity.indexes << change.index;
        break;
    case SchemaChange::DropIndex: {
        const qsizetype before = entity.indexes.size();
        entity.indexes.removeIf([&](const IndexInfo &index) { return index.name == change.name; });
        if (entity.indexes.size() == before)
            throw Error(QStringLiteral("Cannot drop index %1 of %2: there is no such index")
                            .arg(change.name, change.table));
        break;
    }
    case SchemaChange::AddForeignKey:
        entity.foreignKeys << change.foreignKey;
        break;
    case SchemaChange::DropForeignKey: {
        const qsizetype before = entity.foreignKeys.size();
        entity.foreignKeys.removeIf([&](const ForeignKeyInfo &key) {
            return matchesForeignKey(key, entity.qualifiedTable(), change.name);
        });
        if (entity.foreignKeys.size() == before)
            throw Error(QStringLiteral("Cannot drop foreign key %1 of %2: there is no such key")
                            .arg(change.name, change.table));
        break;
    }
    case SchemaChange::CreateTable:
    case SchemaChange::DropTable:
    case SchemaChange::RenameTable:
    case SchemaChange::Sql:
        break;
    }
}

QString actionName(ReferentialAction action)
{
    return referentialActionSql(action);
}

} // namespace

QString referentialActionSql(ReferentialAction action)
{
    switch (action) {
    case ReferentialAction::NoAction:
        return {};
    case ReferentialAction::Restrict:
        return QStringLiteral("RESTRICT");
    case ReferentialAction::Cascade:
        return QStringLiteral("CASCADE");
    case ReferentialAction::SetNull:
        return QStringLiteral("SET NULL");
    case ReferentialAction::SetDefault:
        return QStringLiteral("SET DEFAULT");
    }
    return {};
}

QString SchemaChange::describe() const
{
    switch (kind) {
    case CreateTable:
        return QStringLiteral("create table %1").arg(table);
    case DropTable:
        return QStringLiteral("drop table %1").arg(table);
    case RenameTable:
        return QStringLiteral("rename table %1 to %2").arg(table, newName);
    case AddColumn:
        return QStringLiteral("add column %1.%2").arg(table, column.name);
    case DropColumn:
        return QStringLiteral("drop column %1.%2").arg(table, name);
    case RenameColumn:
        return QStringLiteral("rename column %1.%2 to %3").arg(table, name, newName);
    case AlterColumn:
        return QStringLiteral("change column %1.%2").arg(table, column.name);
    case AddIndex:
        return QStringLiteral("add %1 %2 on %3 (%4)")
            .arg(index.unique ? QStringLiteral("unique index") : QStringLiteral("index"),
                 index.name, table, index.columns.join(QStringLiteral(", ")));
    case DropIndex:
        return QStringLiteral("drop index %1 of %2").arg(name, table);
    case AddForeignKey:
        return QStringLiteral("add foreign key %1.(%2) -> %3")
            .arg(table, foreignKey.columns.join(QStringLiteral(", ")), foreignKey.referencedTable);
    case DropForeignKey:
        return QStringLiteral("drop foreign key %1 of %2").arg(name, table);
    case Sql:
        return QStringLiteral("SQL: %1").arg(sql.simplified().left(60));
    }
    return {};
}

// --- Blueprint ---------------------------------------------------------------------------

ColumnInfo &ColumnBuilder::column()
{
    return m_blueprint->m_entries[m_entry].column;
}

ColumnBuilder &ColumnBuilder::nullable(bool value)
{
    column().nullable = value;
    return *this;
}

ColumnBuilder &ColumnBuilder::defaultValue(const QVariant &value)
{
    column().defaultValue = value;
    column().defaultExpression.clear();
    return *this;
}

ColumnBuilder &ColumnBuilder::defaultExpression(const QString &sql)
{
    column().defaultExpression = sql;
    column().defaultValue = QVariant();
    return *this;
}

ColumnBuilder &ColumnBuilder::unique(bool value)
{
    column().unique = value;
    return *this;
}

ColumnBuilder &ColumnBuilder::primaryKey()
{
    column().primaryKey = true;
    column().nullable = false;
    return *this;
}

ColumnBuilder &ColumnBuilder::autoIncrement()
{
    column().autoIncrement = true;
    return primaryKey();
}

ColumnBuilder &ColumnBuilder::length(int value)
{
    column().length = value;
    return *this;
}

ColumnBuilder &ColumnBuilder::change()
{
    m_blueprint->requireAlter("change()");
    m_blueprint->m_entries[m_entry].kind = SchemaChange::AlterColumn;
    return *this;
}

ForeignKeyInfo &ForeignKeyBuilder::key()
{
    return m_blueprint->m_entries[m_entry].foreignKey;
}

ForeignKeyBuilder &ForeignKeyBuilder::references(const QString &table, const QStringList &columns)
{
    key().referencedTable = table;
    key().referencedColumns = columns;
    return *this;
}

ForeignKeyBuilder &ForeignKeyBuilder::onDelete(ReferentialAction action)
{
    key().onDelete = actionName(action);
    return *this;
}

ForeignKeyBuilder &ForeignKeyBuilder::onUpdate(ReferentialAction action)
{
    key().onUpdate = actionName(action);
    return *this;
}

Blueprint::Blueprint(QString table, bool creating) : m_table(std::move(table)), m_creating(creating)
{
    if (m_table.isEmpty())
        throw Error(QStringLiteral("A table needs a name"));
}

void Blueprint::requireAlter(const char *what) const
{
    if (m_creating)
        throw Error(QStringLiteral("%1 belongs in Schema::alter(), not in creating table %2")
                        .arg(QLatin1String(what), m_table));
}

ColumnBuilder Blueprint::column(const QString &name, ColumnType type)
{
    if (name.isEmpty())
        throw Error(QStringLiteral("A column of %1 needs a name").arg(m_table));
    Entry entry{SchemaChange::AddColumn, {}, {}, {}, {}, {}};
    entry.column.name = name;
    entry.column.type = type;
    m_entries.push_back(std::move(entry));
    return ColumnBuilder(this, m_entries.size() - 1);
}

ColumnBuilder Blueprint::id(const QString &name)
{
    return column(name, ColumnType::BigInt).autoIncrement();
}

ColumnBuilder Blueprint::decimal(const QString &name, int precision, int scale)
{
    ColumnBuilder builder = column(name, ColumnType::Decimal);
    builder.column().precision = precision;
    builder.column().scale = scale;
    return builder;
}

ColumnBuilder Blueprint::string(const QString &name, int length)
{
    return column(name, ColumnType::String).length(length);
}

void Blueprint::timestamps()
{
    dateTimeTz(QStringLiteral("created_at"));
    dateTimeTz(QStringLiteral("updated_at"));
}

QString Blueprint::indexName(const QStringList &columns, const char *suffix) const
{
    return defaultIndexName(m_table, columns, suffix);
}

void Blueprint::primary(const QStringList &columns)
{
    if (!m_creating)
        throw Error(
            QStringLiteral("A primary key is declared when table %1 is created").arg(m_table));
    m_primaryKey = columns;
}

void Blueprint::unique(const QStringList &columns, const QString &name)
{
    Entry entry{SchemaChange::AddIndex, {}, {}, {}, {}, {}};
    entry.index = {name.isEmpty() ? indexName(columns, "unique") : name, columns, true};
    m_entries.push_back(std::move(entry));
}

void Blueprint::index(const QStringList &columns, const QString &name)
{
    Entry entry{SchemaChange::AddIndex, {}, {}, {}, {}, {}};
    entry.index = {name.isEmpty() ? indexName(columns, "index") : name, columns, false};
    m_entries.push_back(std::move(entry));
}

ForeignKeyBuilder Blueprint::foreign(const QStringList &columns, const QString &name)
{
    Entry entry{SchemaChange::AddForeignKey, {}, {}, {}, {}, {}};
    entry.foreignKey.name = name.isEmpty() ? indexName(columns, "foreign") : name;
    entry.foreignKey.columns = columns;
    m_entries.push_back(std::move(entry));
    return ForeignKeyBuilder(this, m_entries.size() - 1);
}

void Blueprint::dropColumn(const QString &name)
{
    requireAlter("dropColumn()");
    m_entries.push_back({SchemaChange::DropColumn, {}, {}, {}, name, {}});
}

void Blueprint::renameColumn(const QString &from, const QString &to)
{
    requireAlter("renameColumn()");
    m_entries.push_back({SchemaChange::RenameColumn, {}, {}, {}, from, to});
}

void Blueprint::dropIndex(const QString &name)
{
    requireAlter("dropIndex()");
    m_entries.push_back({SchemaChange::DropIndex, {}, {}, {}, name, {}});
}

void Blueprint::dropForeign(const QString &name)
{
    requireAlter("dropForeign()");
    m_entries.push_back({SchemaChange::DropForeignKey, {}, {}, {}, name, {}});
}

QList<SchemaChange> Blueprint::changes() const
{
    QList<SchemaChange> out;
    if (!m_creating) {
        for (const Entry &entry : m_entries) {
            SchemaChange change;
            change.kind = entry.kind;
            change.table = m_table;
            change.column = entry.column;
            change.index = entry.index;
            change.foreignKey = entry.foreignKey;
            change.name = entry.name;
            change.newName = entry.newName;
            if (change.kind == SchemaChange::AddForeignKey &&
                change.foreignKey.referencedTable.isEmpty())
                throw Error(QStringLiteral("Foreign key %1 of %2 needs references(table)")
                                .arg(change.foreignKey.name, m_table));
            out << change;
        }
        return out;
    }

    SchemaChange create;
    create.kind = SchemaChange::CreateTable;
    create.table = m_table;
    EntityInfo &table = create.definition;
    const qsizetype dot = m_table.lastIndexOf(u'.');
    table.schema = dot < 0 ? QString() : m_table.left(dot);
    table.table = dot < 0 ? m_table : m_table.mid(dot + 1);
    table.name = table.table;
    for (const Entry &entry : m_entries) {
        switch (entry.kind) {
        case SchemaChange::AddColumn:
            if (table.column(entry.column.name))
                throw Error(QStringLiteral("Table %1 declares column %2 twice")
                                .arg(m_table, entry.column.name));
            table.columns << entry.column;
            if (entry.column.primaryKey)
                table.primaryKey << entry.column.name;
            break;
        case SchemaChange::AddIndex:
            table.indexes << entry.index;
            break;
        case SchemaChange::AddForeignKey:
            if (entry.foreignKey.referencedTable.isEmpty())
                throw Error(QStringLiteral("Foreign key %1 of %2 needs references(table)")
                                .arg(entry.foreignKey.name, m_table));
            table.foreignKeys << entry.foreignKey;
            break;
        default:
            break;
        }
    }
    if (table.columns.isEmpty())
        throw Error(QStringLiteral("Table %1 needs at least one column").arg(m_table));
    if (!m_primaryKey.isEmpty()) {
        if (!table.primaryKey.isEmpty() && table.primaryKey != m_primaryKey)
            throw Error(QStringLiteral("Table %1 declares two primary keys").arg(m_table));
        table.primaryKey = m_primaryKey;
        for (ColumnInfo &column : table.columns) {
            if (m_primaryKey.contains(column.name)) {
                column.primaryKey = true;
                column.nullable = false;
            }
        }
    }
    if (table.primaryKey.size() > 1) {
        for (const ColumnInfo &column : std::as_const(table.columns)) {
            if (column.autoIncrement)
                throw Error(QStringLiteral("Table %1: auto-increment column %2 must be the whole "
                                           "primary key")
                                .arg(m_table, column.name));
        }
    }
    const auto requireColumns = [&](const QStringList &names, const QString &what) {
        for (const QString &name : names) {
            if (!table.column(name))
                throw Error(QStringLiteral("Table %1: %2 names column %3, which it does not have")
                                .arg(m_table, what, name));
        }
    };
    requireColumns(table.primaryKey, QStringLiteral("the primary key"));
    for (const IndexInfo &index : std::as_const(table.indexes))
        requireColumns(index.columns, QStringLiteral("index ") + index.name);
    for (const ForeignKeyInfo &key : std::as_const(table.foreignKeys))
        requireColumns(key.columns, QStringLiteral("foreign key ") + key.name);
    out << create;
    return out;
}

// --- Schema ------------------------------------------------------------------------------

Schema::Schema(Database db) : m_db(std::move(db))
{
    engineOf(m_db.dialect());
}

void Schema::setStatementObserver(std::function<void(const QString &)> observer)
{
    m_observer = std::move(observer);
}

void Schema::create(const QString &table, const std::function<void(Blueprint &)> &define)
{
    Blueprint blueprint(table, true);
    define(blueprint);
    apply(blueprint.changes());
}

void Schema::alter(const QString &table, const std::function<void(Blueprint &)> &define)
{
    Blueprint blueprint(table, false);
    define(blueprint);
    apply(blueprint.changes());
}

void Schema::rename(const QString &from, const QString &to)
{
    SchemaChange change;
    change.kind = SchemaChange::RenameTable;
    change.table = from;
    change.newName = to;
    apply({change});
}

void Schema::drop(const QString &table)
{
    SchemaChange change;
    change.kind = SchemaChange::DropTable;
    change.table = table;
    apply({change});
}

void Schema::dropIfExists(const QString &table)
{
    SchemaChange change;
    change.kind = SchemaChange::DropTable;
    change.table = table;
    change.ifExists = true;
    apply({change});
}

void Schema::execute(const QString &sql)
{
    SchemaChange change;
    change.kind = SchemaChange::Sql;
    change.sql = sql;
    apply({change});
}

bool Schema::hasTable(const QString &table) const
{
    const qsizetype dot = table.lastIndexOf(u'.');
    const SchemaInspector inspector(m_db);
    return inspector.tables(dot < 0 ? QString() : table.left(dot))
        .contains(dot < 0 ? table : table.mid(dot + 1));
}

bool Schema::hasColumn(const QString &table, const QString &column) const
{
    if (!hasTable(table))
        return false;
    const qsizetype dot = table.lastIndexOf(u'.');
    const EntityInfo entity = SchemaInspector(m_db).inspect(dot < 0 ? table : table.mid(dot + 1),
                                                            dot < 0 ? QString() : table.left(dot));
    return entity.column(column) != nullptr;
}

void Schema::run(const QString &sql)
{
    if (m_observer)
        m_observer(sql);
    qCInfo(lcMigrate, "%s", qPrintable(sql));
    m_db.execute(sql);
    ++m_completed;
}

QString Schema::columnDefinition(const ColumnInfo &column) const
{
    const Dialect &dialect = m_db.dialect();
    QString sql = dialect.quoteIdentifier(column.name) + u' ';
    if (column.autoIncrement && column.primaryKey) {
        sql += column.databaseType.isEmpty() ? dialect.autoIncrementPrimaryKey(column.typeSpec())
                                             : column.databaseType;
        return sql;
    }
    sql +=
        column.databaseType.isEmpty() ? dialect.typeName(column.typeSpec()) : column.databaseType;
    if (!column.nullable)
        sql += QStringLiteral(" NOT NULL");
    if (!column.defaultExpression.isEmpty()) {
        sql += QStringLiteral(" DEFAULT ") + (engineOf(dialect) == Engine::Mysql
                                                  ? u'(' + column.defaultExpression + u')'
                                                  : column.defaultExpression);
    } else if (column.defaultValue.isValid() && !column.defaultValue.isNull()) {
        // DDL takes no bound values: the literal is rendered, quoted and escaped.
        const QVariant &value = column.defaultValue;
        QString literal;
        switch (value.metaType().id()) {
        case QMetaType::Bool:
            literal = dialect.booleanLiteral(value.toBool());
            break;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Double:
        case QMetaType::Float:
            literal = value.toString();
            break;
        default: {
            QString text = value.metaType().id() == QMetaType::QDateTime
                               ? dialect.formatDateTime(value.toDateTime())
                               : value.toString();
            static const QRegularExpression number(QStringLiteral("^-?\\d+(\\.\\d+)?$"));
            const bool numericColumn =
                column.type == ColumnType::SmallInt || column.type == ColumnType::Integer ||
                column.type == ColumnType::BigInt || column.type == ColumnType::Real ||
                column.type == ColumnType::Double || column.type == ColumnType::Decimal;
            if (numericColumn && number.match(text).hasMatch()) {
                literal = text;
                break;
            }
            if (text.contains(QChar(0)))
                throw Error(
                    QStringLiteral("The default of %1 contains a NUL character").arg(column.name));
            text.replace(u'\'', QStringLiteral("''"));
            if (dialect.sqlSyntax().backslashEscapes)
                text.replace(u'\\', QStringLiteral("\\\\"));
            literal = u'\'' + text + u'\'';
        }
        }
        sql += QStringLiteral(" DEFAULT ") + literal;
    }
    if (column.unique && !column.primaryKey)
        sql += QStringLiteral(" UNIQUE");
    return sql;
}

QStringList Schema::render(const SchemaChange &change, QHash<QString, EntityInfo> &state,
                           bool *rebuilds) const
{
    const Dialect &dialect = m_db.dialect();
    const Engine engine = engineOf(dialect);
    const QString table = change.table.isEmpty() ? QString() : dialect.quoteQualified(change.table);
    const auto q = [&](const QString &name) { return dialect.quoteIdentifier(name); };
    const auto list = [&](const QStringList &names) {
        QStringList quoted;
        for (const QString &name : names)
            quoted << q(name);
        return quoted.join(QStringLiteral(", "));
    };
    const auto foreignKeySql = [&](const ForeignKeyInfo &key) {
        QString sql =
            QStringLiteral("CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (%4)")
                .arg(q(key.name), list(key.columns), dialect.quoteQualified(key.referencedTable),
                     list(key.referencedColumns));
        if (!key.onDelete.isEmpty())
            sql += QStringLiteral(" ON DELETE ") + key.onDelete;
        if (!key.onUpdate.isEmpty())
            sql += QStringLiteral(" ON UPDATE ") + key.onUpdate;
        return sql;
    };
    const auto indexSql = [&](const IndexInfo &index, const QString &onTable) {
        return QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
            .arg(index.unique ? QStringLiteral("UNIQUE ") : QString(), q(index.name), onTable,
                 list(index.columns));
    };
    const auto createSql = [&](const EntityInfo &entity, const QString &name) {
        QStringList parts;
        const bool inlineKey = entity.primaryKey.size() == 1 && [&] {
            const ColumnInfo *key = entity.column(entity.primaryKey.first());
            return key && key->autoIncrement;
        }();
        for (ColumnInfo column : entity.columns) {
            if (!inlineKey)
                column.autoIncrement = false;
            column.primaryKey = entity.primaryKey.contains(column.name);
            parts << columnDefinition(column);
        }
        if (!entity.primaryKey.isEmpty() && !inlineKey)
            parts << QStringLiteral("PRIMARY KEY (%1)").arg(list(entity.primaryKey));
        for (const ForeignKeyInfo &key : entity.foreignKeys)
            parts << foreignKeySql(key);
        QString sql = QStringLiteral("CREATE TABLE %1 (\n    %2\n)")
                          .arg(name, parts.join(QStringLiteral(",\n    ")));
        if (engine == Engine::Mysql)
            sql += QStringLiteral(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        return sql;
    };
    const auto currentTable = [&](const QString &name) -> EntityInfo & {
        auto it = state.find(name);
        if (it == state.end()) {
            const qsizetype dot = name.lastIndexOf(u'.');
            it = state.insert(name,
                              SchemaInspector(m_db).inspect(dot < 0 ? name : name.mid(dot + 1),
                                                            dot < 0 ? QString() : name.left(dot)));
        }
        return *it;
    };
    // SQLite: the documented procedure for changes ALTER TABLE cannot make.
    const auto rebuild = [&]() -> QStringList {
        if (rebuilds)
            *rebuilds = true;
        EntityInfo &current = currentTable(change.table);
        EntityInfo next = current;
        applyToEntity(change, next);
        const QString temporary = q(QStringLiteral("rexorm_rebuild_") + next.table);
        const QString tableSql =
            m_db.execute(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                                        "name = ?"),
                         {current.table})
                .value(0, 0)
                .toString();
        // What the rebuilt table cannot carry over must not vanish silently.
        static const QRegularExpression unsupported(
            QStringLiteral("\\b(CHECK\\s*\\(|COLLATE\\b|GENERATED\\b|AS\\s*\\(|WITHOUT\\s+ROWID\\b|"
                           "STRICT\\s*$)"),
            QRegularExpression::CaseInsensitiveOption);
        if (const auto match = unsupported.match(tableSql); match.hasMatch())
            throw Error(QStringLiteral("Cannot %1 on SQLite: it needs a table rebuild, and %2's "
                                       "definition has %3, which the rebuild would drop. Write "
                                       "this change as raw SQL (Schema::execute), following "
                                       "SQLite's ALTER TABLE procedure.")
                            .arg(change.describe(), current.table,
                                 match.captured(1).simplified().remove(u'(')));
        // Keep AUTOINCREMENT (and its sqlite_sequence row) exactly when the table had it.
        const bool keyword = tableSql.contains(u"AUTOINCREMENT", Qt::CaseInsensitive);
        // Indexes come back from their stored SQL (partial and expression indexes included);
        // a unique index is not also turned into a UNIQUE column constraint.
        QHash<QString, QString> storedIndexes;
        const QueryResult indexRows =
            m_db.execute(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                        "AND tbl_name = ? AND sql IS NOT NULL"),
                         {current.table});
        for (qsizetype i = 0; i < indexRows.size(); ++i)
            storedIndexes.insert(indexRows.value(i, 0).toString(),
                                 indexRows.value(i, 1).toString());
        QSet<QString> uniqueByIndex;
        for (const IndexInfo &index : std::as_const(current.indexes)) {
            if (index.unique && index.columns.size() == 1 && storedIndexes.contains(index.name))
                uniqueByIndex.insert(index.columns.first());
        }
        const QString changedColumn =
            change.kind == SchemaChange::AddColumn || change.kind == SchemaChange::AlterColumn
                ? change.column.name
                : QString();
        for (ColumnInfo &column : next.columns) {
            if (column.autoIncrement &&
                column.databaseType.compare(u"INTEGER", Qt::CaseInsensitive) == 0)
                column.databaseType = keyword ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                                              : QStringLiteral("INTEGER PRIMARY KEY");
            if (uniqueByIndex.contains(column.name) && column.name != changedColumn)
                column.unique = false;
        }
        QStringList common;
        for (const ColumnInfo &column : std::as_const(next.columns)) {
            if (current.column(column.name) && !column.readOnly)
                common << q(column.name);
        }
        QStringList out;
        out << createSql(next, temporary);
        if (!common.isEmpty())
            out << QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3")
                       .arg(temporary, common.join(QStringLiteral(", ")), table);
        out << QStringLiteral("DROP TABLE %1").arg(table);
        // Views over the table would make a checked rename fail while it is missing.
        out << QStringLiteral("PRAGMA legacy_alter_table = ON");
        out << QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(temporary, q(next.table));
        out << QStringLiteral("PRAGMA legacy_alter_table = OFF");
        for (const IndexInfo &index : std::as_const(next.indexes)) {
            if (isSqliteAutoIndex(index))
                continue;
            const QString stored = storedIndexes.value(index.name);
            out << (stored.isEmpty() ? indexSql(index, table) : stored);
        }
        const QueryResult triggers =
            m_db.execute(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                                        "tbl_name = ? AND sql IS NOT NULL"),
                         {current.table});
        for (qsizetype i = 0; i < triggers.size(); ++i)
            out << triggers.value(i, 0).toString();
        current = next;
        return out;
    };

    QStringList out;
    switch (change.kind) {
    case SchemaChange::CreateTable:
        out << createSql(change.definition, table);
        for (const IndexInfo &index : change.definition.indexes)
            out << indexSql(index, table);
        state.insert(change.table, change.definition);
        break;
    case SchemaChange::DropTable:
        out << (change.ifExists ? QStringLiteral("DROP TABLE IF EXISTS %1")
                                : QStringLiteral("DROP TABLE %1"))
                   .arg(table);
        state.remove(change.table);
        break;
    case SchemaChange::RenameTable: {
        const qsizetype dot = change.newName.lastIndexOf(u'.');
        out << QStringLiteral("ALTER TABLE %1 RENAME TO %2")
                   .arg(table, q(dot < 0 ? change.newName : change.newName.mid(dot + 1)));
        if (state.contains(change.table)) {
            EntityInfo moved = state.take(change.table);
            moved.table = dot < 0 ? change.newName : change.newName.mid(dot + 1);
            state.insert(change.newName, moved);
        }
        break;
    }
    case SchemaChange::AddColumn: {
        const ColumnInfo &c = change.column;
        const bool constantDefault =
            c.defaultExpression.isEmpty() ||
            !c.defaultExpression.contains(QRegularExpression(QStringLiteral("[A-Za-z(]")));
        if (engine == Engine::Sqlite &&
            (c.primaryKey || c.unique ||
             (!c.nullable && !c.defaultValue.isValid() && c.defaultExpression.isEmpty()) ||
             !constantDefault)) {
            out << rebuild();
            break;
        }
        out << QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(table, columnDefinition(c));
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    }
    case SchemaChange::DropColumn:
        if (engine == Engine::Sqlite) {
            out << rebuild();
            break;
        }
        out << QStringLiteral("ALTER TABLE %1 DROP COLUMN %2").arg(table, q(change.name));
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    case SchemaChange::RenameColumn:
        out << QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                   .arg(table, q(change.name), q(change.newName));
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    case SchemaChange::AlterColumn: {
        const ColumnInfo &c = change.column;
        if (engine == Engine::Sqlite) {
            out << rebuild();
            break;
        }
        if (engine == Engine::Mysql) {
            // MODIFY repeats the whole definition but never the key or a UNIQUE (which would
            // add another index each time): those are indexes of their own.
            ColumnInfo modified = c;
            modified.unique = false;
            QString definition;
            if (c.autoIncrement && c.primaryKey) {
                definition =
                    q(c.name) + u' ' +
                    (c.databaseType.isEmpty() ? dialect.typeName(c.typeSpec()) : c.databaseType) +
                    QStringLiteral(" NOT NULL AUTO_INCREMENT");
            } else {
                definition = columnDefinition(modified);
            }
            out << QStringLiteral("ALTER TABLE %1 MODIFY COLUMN %2").arg(table, definition);
        } else if (c.autoIncrement) {
            // An identity column: only its type changes, its default is the sequence's.
            const QString type =
                c.databaseType.isEmpty() ? dialect.typeName(c.typeSpec()) : c.databaseType;
            out << QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 TYPE %3")
                       .arg(table, q(c.name), type);
        } else {
            const QString type =
                c.databaseType.isEmpty() ? dialect.typeName(c.typeSpec()) : c.databaseType;
            QStringList actions;
            actions << QStringLiteral("ALTER COLUMN %1 TYPE %2 USING %1::%2").arg(q(c.name), type);
            actions << QStringLiteral("ALTER COLUMN %1 %2 NOT NULL")
                           .arg(q(c.name),
                                c.nullable ? QStringLiteral("DROP") : QStringLiteral("SET"));
            ColumnInfo bare = c;
            bare.nullable = true;
            bare.unique = false;
            const QString definition = columnDefinition(bare);
            const qsizetype at = definition.indexOf(QStringLiteral(" DEFAULT "));
            actions << (at < 0 ? QStringLiteral("ALTER COLUMN %1 DROP DEFAULT").arg(q(c.name))
                               : QStringLiteral("ALTER COLUMN %1 SET%2")
                                     .arg(q(c.name), definition.mid(at)));
            out << QStringLiteral("ALTER TABLE %1 %2")
                       .arg(table, actions.join(QStringLiteral(", ")));
        }
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    }
    case SchemaChange::AddIndex:
        out << indexSql(change.index, table);
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    case SchemaChange::DropIndex: {
        if (engine == Engine::Mysql) {
            out << QStringLiteral("DROP INDEX %1 ON %2").arg(q(change.name), table);
        } else if (engine == Engine::Postgres &&
                   !m_db.execute(QStringLiteral("SELECT 1 FROM pg_constraint WHERE conname = ? "
                                                "AND contype IN ('u', 'p')"),
                                 {change.name})
                        .isEmpty()) {
            // The index of a UNIQUE constraint goes with the constraint.
            out << QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(table, q(change.name));
        } else {
            const qsizetype dot = change.table.lastIndexOf(u'.');
            out << QStringLiteral("DROP INDEX %1")
                       .arg(dot < 0 ? q(change.name)
                                    : dialect.quoteQualified(change.table.left(dot)) + u'.' +
                                          q(change.name));
        }
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    }
    case SchemaChange::AddForeignKey:
        if (engine == Engine::Sqlite) {
            out << rebuild();
            break;
        }
        out << QStringLiteral("ALTER TABLE %1 ADD %2").arg(table, foreignKeySql(change.foreignKey));
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    case SchemaChange::DropForeignKey:
        if (engine == Engine::Sqlite) {
            out << rebuild();
            break;
        }
        out << QStringLiteral("ALTER TABLE %1 DROP %2 %3")
                   .arg(table,
                        engine == Engine::Mysql ? QStringLiteral("FOREIGN KEY")
                                                : QStringLiteral("CONSTRAINT"),
                        q(change.name));
        if (state.contains(change.table))
            applyToEntity(change, state[change.table]);
        break;
    case SchemaChange::Sql:
        out << change.sql;
        break;
    }
    return out;
}

QStringList Schema::toSql(const QList<SchemaChange> &changes) const
{
    QHash<QString, EntityInfo> state;
    return toSql(changes, state);
}

QStringList Schema::toSql(const QList<SchemaChange> &changes,
                          QHash<QString, EntityInfo> &tableState) const
{
    QStringList out;
    for (const SchemaChange &change : changes)
        out << render(change, tableState);
    return out;
}

void Schema::apply(const QList<SchemaChange> &changes)
{
    const bool sqlite = engineOf(m_db.dialect()) == Engine::Sqlite;
    for (const SchemaChange &change : changes) {
        QHash<QString, EntityInfo> state; // each change starts from the live schema
        if (!sqlite) {
            for (const QString &sql : render(change, state))
                run(sql);
            continue;
        }
        bool rebuilds = false;
        const QStringList statements = render(change, state, &rebuilds);
        if (!rebuilds) {
            for (const QString &sql : statements)
                run(sql);
            continue;
        }
        if (m_db.transactionDepth() > 0) {
            if (m_db.execute(QStringLiteral("PRAGMA foreign_keys")).value(0, 0).toInt() != 0)
                throw Error(
                    QStringLiteral("Cannot %1 inside a transaction with SQLite's foreign keys on: "
                                   "the table rebuild it needs would delete or orphan child rows, "
                                   "and foreign keys cannot be turned off inside a transaction. "
                                   "Run it through the Migrator or outside a transaction.")
                        .arg(change.describe()));
            for (const QString &sql : statements)
                run(sql);
            continue;
        }
        m_db.withConnection([&](QSqlDatabase &) {
            ForeignKeysOff off(m_db);
            m_db.transaction([&] {
                for (const QString &sql : statements)
                    run(sql);
                off.check();
            });
        });
    }
}

// --- ForeignKeysOff ----------------------------------------------------------------------

namespace {

// Rows that violate foreign keys, counted per child table, parent table and key: a change may
// not add any, while violations that were there before are not its business.
QHash<QString, int> foreignKeyViolations(const Database &db, QStringList *examples = nullptr)
{
    QHash<QString, int> counts;
    const QueryResult rows = db.execute(QStringLiteral("PRAGMA foreign_key_check"));
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString key = rows.value(i, 0).toString() + u'>' + rows.value(i, 2).toString() +
                            u'#' + rows.value(i, 3).toString();
        ++counts[key];
        if (examples && examples->size() < 5)
            *examples << QStringLiteral("%1 row %2 -> %3")
                             .arg(rows.value(i, 0).toString(), rows.value(i, 1).toString(),
                                  rows.value(i, 2).toString());
    }
    return counts;
}

} // namespace

ForeignKeysOff::ForeignKeysOff(Database db) : m_db(std::move(db))
{
    if (m_db.dialect().qtDriverName() != u"QSQLITE")
        return;
    if (m_db.transactionDepth() > 0)
        throw Error(QStringLiteral("SQLite's foreign keys can only be turned off outside a "
                                   "transaction"));
    m_baseline = foreignKeyViolations(m_db);
    if (m_db.execute(QStringLiteral("PRAGMA foreign_keys")).value(0, 0).toInt() != 0) {
        m_db.execute(QStringLiteral("PRAGMA foreign_keys = OFF"));
        m_restore = true;
    }
}

ForeignKeysOff::~ForeignKeysOff()
{
    if (!m_restore)
        return;
    try {
        m_db.execute(QStringLiteral("PRAGMA foreign_keys = ON"));
    } catch (const Error &error) {
        qCWarning(lcMigrate, "could not turn SQLite's foreign keys back on: %s", error.what());
    }
}

void ForeignKeysOff::check() const
{
    if (m_db.dialect().qtDriverName() != u"QSQLITE")
        return;
    QStringList examples;
    const QHash<QString, int> now = foreignKeyViolations(m_db, &examples);
    int added = 0;
    for (auto it = now.begin(); it != now.end(); ++it)
        added += std::max(0, it.value() - m_baseline.value(it.key()));
    if (added == 0)
        return;
    throw Error(QStringLiteral("The schema change would leave %1 more row(s) pointing at missing "
                               "parent rows (%2); nothing was changed")
                    .arg(added)
                    .arg(examples.join(QStringLiteral("; "))));
}

} // namespace RexOrm
