#pragma once

#include <rexorm/database/database.h>
#include <rexorm/meta/entityinfo.h>

#include <QtCore/QHash>

#include <deque>
#include <functional>

namespace RexOrm {

// One change to a database schema: what a Blueprint records, what the schema differ produces and
// what Schema renders to each dialect's DDL.
struct REXORM_CORE_EXPORT SchemaChange
{
    enum Kind {
        CreateTable,    // definition: the whole table (columns, key, indexes, foreign keys)
        DropTable,      // definition: the table as it was, when known (to write the reverse)
        RenameTable,    // table -> newName
        AddColumn,      // column
        DropColumn,     // name; column: the column as it was, when known
        RenameColumn,   // name -> newName
        AlterColumn,    // column: the new definition; previous: the old one, when known
        AddIndex,       // index
        DropIndex,      // name; index: as it was, when known
        AddForeignKey,  // foreignKey
        DropForeignKey, // name; foreignKey: as it was, when known
        Sql,            // sql, run as written
    };
    Kind kind = Sql;
    QString table;
    EntityInfo definition;
    ColumnInfo column;
    ColumnInfo previous;
    QString name;
    QString newName;
    IndexInfo index;
    ForeignKeyInfo foreignKey;
    QString sql;
    bool ifExists = false; // DropTable: no error when the table is missing

    QString describe() const; // "add column users.email", for progress output and errors
};

class Blueprint;

// Refines a column declared on a Blueprint.
class REXORM_CORE_EXPORT ColumnBuilder
{
public:
    ColumnBuilder &nullable(bool value = true);
    ColumnBuilder &notNull() { return nullable(false); }
    ColumnBuilder &defaultValue(const QVariant &value);   // a literal
    ColumnBuilder &defaultExpression(const QString &sql); // CURRENT_TIMESTAMP, ...
    ColumnBuilder &unique(bool value = true);
    ColumnBuilder &primaryKey();
    ColumnBuilder &autoIncrement(); // implies primaryKey
    ColumnBuilder &length(int value);
    // On Schema::alter: this column replaces the existing one of the same name.
    ColumnBuilder &change();

private:
    friend class Blueprint;
    ColumnBuilder(Blueprint *blueprint, std::size_t entry) : m_blueprint(blueprint), m_entry(entry)
    {}
    ColumnInfo &column();
    Blueprint *m_blueprint;
    std::size_t m_entry;
};

enum class ReferentialAction { NoAction, Restrict, Cascade, SetNull, SetDefault };

// Refines a foreign key declared on a Blueprint.
class REXORM_CORE_EXPORT ForeignKeyBuilder
{
public:
    ForeignKeyBuilder &references(const QString &table,
                                  const QStringList &columns = {QStringLiteral("id")});
    ForeignKeyBuilder &onDelete(ReferentialAction action);
    ForeignKeyBuilder &onUpdate(ReferentialAction action);

private:
    friend class Blueprint;
    ForeignKeyBuilder(Blueprint *blueprint, std::size_t entry)
        : m_blueprint(blueprint), m_entry(entry)
    {}
    ForeignKeyInfo &key();
    Blueprint *m_blueprint;
    std::size_t m_entry;
};

// The columns, keys and indexes of one table being created or altered, declared in order.
class REXORM_CORE_EXPORT Blueprint
{
public:
    Blueprint(QString table, bool creating);

    ColumnBuilder column(const QString &name, ColumnType type);
    ColumnBuilder id(const QString &name = QStringLiteral("id")); // BIGINT auto-increment key
    ColumnBuilder boolean(const QString &name) { return column(name, ColumnType::Boolean); }
    ColumnBuilder smallInteger(const QString &name) { return column(name, ColumnType::SmallInt); }
    ColumnBuilder integer(const QString &name) { return column(name, ColumnType::Integer); }
    ColumnBuilder bigInteger(const QString &name) { return column(name, ColumnType::BigInt); }
    ColumnBuilder real(const QString &name) { return column(name, ColumnType::Real); }
    ColumnBuilder doublePrecision(const QString &name) { return column(name, ColumnType::Double); }
    ColumnBuilder decimal(const QString &name, int precision = 10, int scale = 2);
    ColumnBuilder string(const QString &name, int length = 255);
    ColumnBuilder text(const QString &name) { return column(name, ColumnType::Text); }
    ColumnBuilder binary(const QString &name) { return column(name, ColumnType::Binary); }
    ColumnBuilder date(const QString &name) { return column(name, ColumnType::Date); }
    ColumnBuilder time(const QString &name) { return column(name, ColumnType::Time); }
    ColumnBuilder dateTime(const QString &name) { return column(name, ColumnType::DateTime); }
    ColumnBuilder dateTimeTz(const QString &name) { return column(name, ColumnType::DateTimeTz); }
    ColumnBuilder json(const QString &name) { return column(name, ColumnType::Json); }
    ColumnBuilder uuid(const QString &name) { return column(name, ColumnType::Uuid); }
    void timestamps(); // created_at and updated_at, nullable date-times

    void primary(const QStringList &columns); // a composite primary key
    void unique(const QStringList &columns, const QString &name = {});
    void index(const QStringList &columns, const QString &name = {});
    ForeignKeyBuilder foreign(const QStringList &columns, const QString &name = {});

    // Alter only.
    void dropColumn(const QString &name);
    void renameColumn(const QString &from, const QString &to);
    void dropIndex(const QString &name);
    void dropForeign(const QString &name);

    const QString &table() const { return m_table; }
    // Throws Error for a definition that cannot work (no columns, an unknown column in a key).
    QList<SchemaChange> changes() const;

private:
    friend class ColumnBuilder;
    friend class ForeignKeyBuilder;
    struct Entry
    {
        SchemaChange::Kind kind;
        ColumnInfo column;
        IndexInfo index;
        ForeignKeyInfo foreignKey;
        QString name;
        QString newName;
    };
    void requireAlter(const char *what) const;
    QString indexName(const QStringList &columns, const char *suffix) const;

    QString m_table;
    bool m_creating;
    std::deque<Entry> m_entries;
    QStringList m_primaryKey;
};

// Creates, alters and drops tables on one database, rendering each dialect's DDL. SQLite's
// limited ALTER TABLE is done by its documented table rebuild (new table, copy, drop, rename),
// with foreign-key enforcement off around the transaction and PRAGMA foreign_key_check before
// the commit, so no child row is lost or left dangling.
class REXORM_CORE_EXPORT Schema
{
public:
    explicit Schema(Database db);

    void create(const QString &table, const std::function<void(Blueprint &)> &define);
    void alter(const QString &table, const std::function<void(Blueprint &)> &define);
    void rename(const QString &from, const QString &to);
    void drop(const QString &table);
    void dropIfExists(const QString &table);
    void execute(const QString &sql); // raw DDL or DML, counted with the rest

    bool hasTable(const QString &table) const;
    bool hasColumn(const QString &table, const QString &column) const;

    // Runs the changes in order. Outside a transaction each change that rebuilds an SQLite table
    // runs in its own; inside one (a migration) SQLite's foreign keys must already be off.
    void apply(const QList<SchemaChange> &changes);
    // The statements the changes render to here, without running them. SQLite rebuilds start
    // from the live table, with the earlier changes of the list applied to it.
    QStringList toSql(const QList<SchemaChange> &changes) const;
    // The same, carrying the tables' state across calls: render a migration's up, then its
    // down against the schema the up leaves.
    QStringList toSql(const QList<SchemaChange> &changes,
                      QHash<QString, EntityInfo> &tableState) const;

    // Called with each statement just before it runs (the migrator records progress with it).
    void setStatementObserver(std::function<void(const QString &sql)> observer);
    // Statements that have run successfully through this Schema.
    int completedStatements() const { return m_completed; }
    const Database &database() const { return m_db; }

    // The DDL type and the rest of a column definition on this database.
    QString columnDefinition(const ColumnInfo &column) const;

private:
    // rebuilds, when given, is set when the change needs SQLite's table rebuild.
    QStringList render(const SchemaChange &change, QHash<QString, EntityInfo> &state,
                       bool *rebuilds = nullptr) const;
    void run(const QString &sql);

    Database m_db;
    std::function<void(const QString &)> m_observer;
    int m_completed = 0;
};

// For SQLite's table rebuilds inside a migration: turns foreign-key enforcement off for the
// calling thread's connection (it cannot change inside a transaction) and back on when destroyed.
// check() runs PRAGMA foreign_key_check and throws Error naming the rows that would dangle.
// No-ops on other databases.
class REXORM_CORE_EXPORT ForeignKeysOff
{
public:
    explicit ForeignKeysOff(Database db);
    ~ForeignKeysOff();
    ForeignKeysOff(const ForeignKeysOff &) = delete;
    ForeignKeysOff &operator=(const ForeignKeysOff &) = delete;
    void check() const;

private:
    Database m_db;
    bool m_restore = false;
    QHash<QString, int> m_baseline; // violations before the change
};

REXORM_CORE_EXPORT QString referentialActionSql(ReferentialAction action);

} // namespace RexOrm
