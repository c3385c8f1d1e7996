#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migration.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/migrations/schemadiff.h>

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>

#include "naming_p.h"

namespace RexOrm {

namespace {

QString normalizedAction(const QString &action)
{
    return action == u"RESTRICT" ? QString() : action; // the default everywhere but in name
}

QString defaultText(const ColumnInfo &column)
{
    if (!column.defaultExpression.isEmpty())
        return column.defaultExpression.toUpper().remove(u' ');
    if (!column.defaultValue.isValid() || column.defaultValue.isNull())
        return {};
    if (column.defaultValue.metaType().id() == QMetaType::Bool)
        return column.defaultValue.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    QString text = column.defaultValue.toString();
    if (text == u"true")
        return QStringLiteral("1");
    if (text == u"false")
        return QStringLiteral("0");
    return text;
}

// What differs between a wanted column and the live one, in words; empty when they agree.
QStringList columnDifferences(const Dialect &dialect, const ColumnInfo &wanted,
                              const ColumnInfo &live)
{
    QStringList out;
    // Compared as this database would declare them, so types it does not distinguish agree.
    const QString wantedType = dialect.typeName(wanted.typeSpec());
    const QString liveType = dialect.typeName(live.typeSpec());
    if (wantedType.compare(liveType, Qt::CaseInsensitive) != 0)
        out << QStringLiteral("type %1 -> %2").arg(liveType, wantedType);
    if (wanted.primaryKey || live.primaryKey)
        return out; // key columns: nullability and defaults belong to the key
    if (wanted.nullable != live.nullable)
        out << (wanted.nullable ? QStringLiteral("nullable") : QStringLiteral("not null"));
    if (!wanted.autoIncrement && defaultText(wanted) != defaultText(live))
        out << QStringLiteral("default %1 -> %2")
                   .arg(defaultText(live).isEmpty() ? QStringLiteral("none") : defaultText(live),
                        defaultText(wanted).isEmpty() ? QStringLiteral("none")
                                                      : defaultText(wanted));
    return out; // uniqueness is an index of its own, compared separately
}

QString indexKey(const IndexInfo &index)
{
    return (index.unique ? QStringLiteral("u:") : QStringLiteral("i:")) + index.columns.join(u',');
}

QString foreignKeyKey(const ForeignKeyInfo &key)
{
    return key.columns.join(u',') + u'>' + key.referencedTable + u'(' +
           key.referencedColumns.join(u',') + u')';
}

// Indexes that a column's UNIQUE or the primary key already makes.
bool impliedIndex(const EntityInfo &entity, const IndexInfo &index)
{
    if (index.columns == entity.primaryKey)
        return true;
    if (index.unique && index.columns.size() == 1) {
        const ColumnInfo *column = entity.column(index.columns.first());
        return column && column->unique;
    }
    return false;
}

SchemaChange inverse(const SchemaChange &change)
{
    SchemaChange back;
    back.table = change.table;
    switch (change.kind) {
    case SchemaChange::CreateTable:
        back.kind = SchemaChange::DropTable;
        back.definition = change.definition;
        break;
    case SchemaChange::DropTable:
        back.kind = SchemaChange::CreateTable;
        back.definition = change.definition;
        break;
    case SchemaChange::AddColumn:
        back.kind = SchemaChange::DropColumn;
        back.name = change.column.name;
        back.column = change.column;
        break;
    case SchemaChange::DropColumn:
        back.kind = SchemaChange::AddColumn;
        back.column = change.column;
        break;
    case SchemaChange::AlterColumn:
        back.kind = SchemaChange::AlterColumn;
        back.column = change.previous;
        back.previous = change.column;
        break;
    case SchemaChange::AddIndex:
        back.kind = SchemaChange::DropIndex;
        back.name = change.index.name;
        back.index = change.index;
        break;
    case SchemaChange::DropIndex:
        back.kind = SchemaChange::AddIndex;
        back.index = change.index;
        break;
    case SchemaChange::AddForeignKey:
        back.kind = SchemaChange::DropForeignKey;
        back.name = change.foreignKey.name;
        back.foreignKey = change.foreignKey;
        break;
    case SchemaChange::DropForeignKey:
        back.kind = SchemaChange::AddForeignKey;
        back.foreignKey = change.foreignKey;
        break;
    case SchemaChange::RenameTable:
    case SchemaChange::RenameColumn:
        back.kind = change.kind;
        back.table = change.kind == SchemaChange::RenameTable ? change.newName : change.table;
        back.name = change.newName;
        back.newName = change.kind == SchemaChange::RenameTable ? change.table : change.name;
        break;
    case SchemaChange::Sql:
        throw MigrationError(QStringLiteral("Raw SQL has no automatic reverse"));
    }
    return back;
}

// The entity with its foreign keys filled from belongsTo relations when it declares none.
EntityInfo withForeignKeys(EntityInfo entity, const QHash<QString, const EntityInfo *> &byName)
{
    if (!entity.foreignKeys.isEmpty())
        return entity;
    for (const RelationInfo &relation : std::as_const(entity.relations)) {
        if (relation.kind != RelationInfo::BelongsTo)
            continue;
        const EntityInfo *target = byName.value(relation.target);
        if (!target || !entity.column(relation.foreignKey))
            continue;
        ForeignKeyInfo key;
        key.columns = {relation.foreignKey};
        key.referencedTable = target->qualifiedTable();
        key.referencedColumns = {relation.localKey};
        key.name = defaultIndexName(entity.qualifiedTable(), key.columns, "foreign");
        entity.foreignKeys << key;
    }
    return entity;
}

} // namespace

QString migrationTimestamp()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss"));
}

SchemaDiff SchemaDiff::compare(const Database &db, const Registry &registry, const Options &options)
{
    QList<EntityInfo> entities;
    for (const QString &name : registry.entityNames())
        entities << registry.entity(name);
    return compare(db, entities, options);
}

SchemaDiff SchemaDiff::compare(const Database &db, const QList<EntityInfo> &entities,
                               const Options &options)
{
    SchemaDiff diff;
    const Dialect &dialect = db.dialect();
    const SchemaInspector inspector(db);
    const QStringList liveTables = inspector.tables(options.schema);
    QHash<QString, const EntityInfo *> byName;
    for (const EntityInfo &entity : entities)
        byName.insert(entity.name, &entity);

    QList<EntityInfo> wanted;
    QSet<QString> wantedTables;
    for (const EntityInfo &entity : entities) {
        if (entity.readOnly)
            continue;
        EntityInfo portable = withForeignKeys(entity, byName);
        for (ColumnInfo &column : portable.columns)
            column.databaseType.clear(); // from another database, perhaps: use portable types
        // SQLite's keys have no names ("fk_0" is made up); MySQL wants them unique per database.
        static const QRegularExpression madeUp(QStringLiteral("^fk_\\d+$"));
        for (ForeignKeyInfo &key : portable.foreignKeys) {
            if (key.name.isEmpty() || madeUp.match(key.name).hasMatch())
                key.name = defaultIndexName(portable.qualifiedTable(), key.columns, "foreign");
        }
        // Indexes a UNIQUE column or the key make, SQLite's own and expression indexes are not
        // created separately.
        portable.indexes.removeIf([&](const IndexInfo &index) {
            return impliedIndex(portable, index) || index.name.startsWith(u"sqlite_autoindex_") ||
                   index.columns.contains(QString());
        });
        if (wantedTables.contains(entity.table))
            throw MigrationError(QStringLiteral("Two entities describe table %1 (one is %2); "
                                                "compare one of them")
                                     .arg(entity.table, entity.name));
        wanted << portable;
        wantedTables.insert(entity.table);
    }
    // Referenced tables first (a topological order), so new foreign keys find their targets;
    // cycles keep their given order and get their keys added after every table exists.
    {
        QList<EntityInfo> ordered;
        QSet<QString> placed;
        while (ordered.size() < wanted.size()) {
            bool progress = false;
            for (const EntityInfo &entity : std::as_const(wanted)) {
                if (placed.contains(entity.table))
                    continue;
                bool ready = true;
                for (const ForeignKeyInfo &key : entity.foreignKeys) {
                    const QString target = key.referencedTable.section(u'.', -1);
                    if (target != entity.table && wantedTables.contains(target) &&
                        !placed.contains(target))
                        ready = false;
                }
                if (ready) {
                    ordered << entity;
                    placed.insert(entity.table);
                    progress = true;
                }
            }
            if (!progress) { // a cycle: take the rest as given
                for (const EntityInfo &entity : std::as_const(wanted)) {
                    if (!placed.contains(entity.table)) {
                        ordered << entity;
                        placed.insert(entity.table);
                    }
                }
            }
        }
        wanted = ordered;
    }

    QList<SchemaChange> tableChanges;
    QList<SchemaChange> foreignKeyChanges; // after every table exists
    QStringList createdTables;
    for (const EntityInfo &entity : std::as_const(wanted)) {
        if (!liveTables.contains(entity.table)) {
            SchemaChange create;
            create.kind = SchemaChange::CreateTable;
            create.table = entity.qualifiedTable();
            create.definition = entity;
            createdTables << entity.table;
            // A key to a table not created yet (a cycle) is added once every table exists.
            create.definition.foreignKeys.clear();
            for (const ForeignKeyInfo &key : entity.foreignKeys) {
                const QString target = key.referencedTable.section(u'.', -1);
                if (!wantedTables.contains(target) || liveTables.contains(target) ||
                    createdTables.contains(target)) {
                    create.definition.foreignKeys << key;
                    continue;
                }
                SchemaChange add;
                add.kind = SchemaChange::AddForeignKey;
                add.table = create.table;
                add.foreignKey = key;
                foreignKeyChanges << add;
            }
            tableChanges << create;
            continue;
        }
        const EntityInfo live = inspector.inspect(entity.table, options.schema);
        if (live.readOnly) {
            diff.warnings << QStringLiteral("%1 is a view in the database; it is left alone")
                                 .arg(entity.table);
            continue;
        }
        const QString table = entity.qualifiedTable();
        if (entity.primaryKey != live.primaryKey)
            diff.warnings << QStringLiteral("%1: the primary key differs (%2 in the database, %3 "
                                            "wanted); change it by hand")
                                 .arg(table, live.primaryKey.join(u','),
                                      entity.primaryKey.join(u','));
        QStringList added;
        QStringList dropped;
        // Index drops go before the column changes (a dropped column may be in one), index
        // additions after them; the reverse migration then undoes them in the right order.
        const qsizetype columnChanges = tableChanges.size();
        QList<SchemaChange> indexAdds;
        QList<SchemaChange> indexDrops;
        for (const ColumnInfo &column : entity.columns) {
            const ColumnInfo *existing = live.column(column.name);
            if (existing && !column.primaryKey && column.unique != existing->unique) {
                const auto uniqueIndex = std::find_if(
                    live.indexes.begin(), live.indexes.end(), [&](const IndexInfo &index) {
                        return index.unique && index.columns == QStringList{column.name};
                    });
                if (column.unique) {
                    SchemaChange add;
                    add.kind = SchemaChange::AddIndex;
                    add.table = table;
                    add.index = {
                        defaultIndexName(table, {column.name}, "unique"), {column.name}, true};
                    indexAdds << add;
                } else if (uniqueIndex != live.indexes.end() &&
                           !uniqueIndex->name.startsWith(u"sqlite_autoindex_")) {
                    SchemaChange drop;
                    drop.kind = SchemaChange::DropIndex;
                    drop.table = table;
                    drop.name = uniqueIndex->name;
                    drop.index = *uniqueIndex;
                    indexDrops << drop;
                } else {
                    // A UNIQUE column constraint (SQLite's autoindex): the column changes.
                    SchemaChange alter;
                    alter.kind = SchemaChange::AlterColumn;
                    alter.table = table;
                    alter.column = column;
                    alter.previous = *existing;
                    alter.previous.databaseType.clear();
                    tableChanges << alter;
                }
                diff.warnings << QStringLiteral("%1.%2 becomes %3")
                                     .arg(table, column.name,
                                          column.unique ? QStringLiteral("unique")
                                                        : QStringLiteral("not unique"));
            }
            if (!existing) {
                SchemaChange add;
                add.kind = SchemaChange::AddColumn;
                add.table = table;
                add.column = column;
                tableChanges << add;
                added << column.name;
                continue;
            }
            const QStringList differences = columnDifferences(dialect, column, *existing);
            if (differences.isEmpty())
                continue;
            SchemaChange alter;
            alter.kind = SchemaChange::AlterColumn;
            alter.table = table;
            alter.column = column;
            alter.previous = *existing;
            alter.previous.databaseType.clear(); // rendered from its portable type on the way back
            tableChanges << alter;
            diff.warnings << QStringLiteral("%1.%2 changes: %3")
                                 .arg(table, column.name, differences.join(QStringLiteral(", ")));
        }
        for (const ColumnInfo &column : live.columns) {
            if (entity.column(column.name))
                continue;
            SchemaChange drop;
            drop.kind = SchemaChange::DropColumn;
            drop.table = table;
            drop.name = column.name;
            drop.column = column;
            drop.column.databaseType.clear();
            tableChanges << drop;
            dropped << column.name;
        }
        if (!added.isEmpty() && !dropped.isEmpty())
            diff.warnings << QStringLiteral("%1: columns %2 are dropped and %3 added. If that is a "
                                            "rename, edit the migration to rename instead, or the "
                                            "data of the old columns is lost.")
                                 .arg(table, dropped.join(QStringLiteral(", ")),
                                      added.join(QStringLiteral(", ")));

        QHash<QString, IndexInfo> liveIndexes;
        for (const IndexInfo &index : live.indexes) {
            if (!impliedIndex(live, index))
                liveIndexes.insert(indexKey(index), index);
        }
        QSet<QString> wantedIndexes;
        for (const IndexInfo &index : entity.indexes) {
            if (impliedIndex(entity, index))
                continue;
            wantedIndexes.insert(indexKey(index));
            if (liveIndexes.contains(indexKey(index)))
                continue;
            SchemaChange add;
            add.kind = SchemaChange::AddIndex;
            add.table = table;
            add.index = index;
            if (add.index.name.isEmpty())
                add.index.name =
                    defaultIndexName(table, index.columns, index.unique ? "unique" : "index");
            indexAdds << add;
        }
        for (auto it = liveIndexes.begin(); it != liveIndexes.end(); ++it) {
            if (wantedIndexes.contains(it.key()))
                continue;
            // An index a live foreign key needs (MySQL makes them) goes with the key.
            bool serves = false;
            for (const ForeignKeyInfo &key : live.foreignKeys)
                serves |= key.columns == it->columns && !it->unique;
            if (serves)
                continue;
            SchemaChange drop;
            drop.kind = SchemaChange::DropIndex;
            drop.table = table;
            drop.name = it->name;
            drop.index = *it;
            indexDrops << drop;
        }
        for (qsizetype i = 0; i < indexDrops.size(); ++i)
            tableChanges.insert(columnChanges + i, indexDrops[i]);
        tableChanges << indexAdds;

        QHash<QString, ForeignKeyInfo> liveKeys;
        for (const ForeignKeyInfo &key : live.foreignKeys)
            liveKeys.insert(foreignKeyKey(key), key);
        QSet<QString> wantedKeys;
        for (const ForeignKeyInfo &key : entity.foreignKeys) {
            wantedKeys.insert(foreignKeyKey(key));
            const auto existing = liveKeys.find(foreignKeyKey(key));
            if (existing != liveKeys.end() &&
                normalizedAction(existing->onDelete) == normalizedAction(key.onDelete) &&
                normalizedAction(existing->onUpdate) == normalizedAction(key.onUpdate))
                continue;
            if (existing != liveKeys.end()) {
                SchemaChange drop;
                drop.kind = SchemaChange::DropForeignKey;
                drop.table = table;
                drop.name = existing->name;
                drop.foreignKey = *existing;
                foreignKeyChanges << drop;
            }
            SchemaChange add;
            add.kind = SchemaChange::AddForeignKey;
            add.table = table;
            add.foreignKey = key;
            foreignKeyChanges << add;
        }
        for (auto it = liveKeys.begin(); it != liveKeys.end(); ++it) {
            if (wantedKeys.contains(it.key()))
                continue;
            SchemaChange drop;
            drop.kind = SchemaChange::DropForeignKey;
            drop.table = table;
            drop.name = it->name;
            drop.foreignKey = *it;
            foreignKeyChanges.prepend(drop); // drops before adds
        }
    }

    QList<SchemaChange> dropTables;
    for (const QString &table : liveTables) {
        if (wantedTables.contains(table) || table == Migrator::trackerTable())
            continue;
        if (!options.dropUnknownTables) {
            continue;
        }
        SchemaChange drop;
        drop.kind = SchemaChange::DropTable;
        drop.table = table;
        drop.definition = inspector.inspect(table, options.schema);
        if (drop.definition.readOnly)
            continue;
        for (ColumnInfo &column : drop.definition.columns)
            column.databaseType.clear();
        dropTables << drop;
        diff.warnings << QStringLiteral("table %1 is dropped with all its rows").arg(table);
    }
    if (!createdTables.isEmpty() && !dropTables.isEmpty())
        diff.warnings << QStringLiteral("tables %1 are created and %2 dropped: if that is a "
                                        "rename, rename instead, or their rows are lost")
                             .arg(createdTables.join(QStringLiteral(", ")), [&] {
                                 QStringList names;
                                 for (const SchemaChange &drop : dropTables)
                                     names << drop.table;
                                 return names.join(QStringLiteral(", "));
                             }());

    // Dropped tables go children first: a table is dropped once nothing left references it.
    {
        QList<SchemaChange> ordered;
        while (!dropTables.isEmpty()) {
            qsizetype pick = 0;
            for (qsizetype i = 0; i < dropTables.size(); ++i) {
                const QString &candidate = dropTables[i].definition.table;
                const bool referenced = std::any_of(
                    dropTables.begin(), dropTables.end(), [&](const SchemaChange &other) {
                        return other.definition.table != candidate &&
                               std::any_of(other.definition.foreignKeys.begin(),
                                           other.definition.foreignKeys.end(),
                                           [&](const ForeignKeyInfo &key) {
                                               return key.referencedTable.section(u'.', -1) ==
                                                      candidate;
                                           });
                    });
                if (!referenced) {
                    pick = i;
                    break;
                }
            }
            ordered << dropTables.takeAt(pick);
        }
        dropTables = ordered;
    }
    // Order: dropped foreign keys, tables and columns, added foreign keys, dropped tables.
    for (const SchemaChange &change : std::as_const(foreignKeyChanges)) {
        if (change.kind == SchemaChange::DropForeignKey)
            diff.up << change;
    }
    diff.up << tableChanges;
    for (const SchemaChange &change : std::as_const(foreignKeyChanges)) {
        if (change.kind == SchemaChange::AddForeignKey)
            diff.up << change;
    }
    diff.up << dropTables;
    for (qsizetype i = diff.up.size() - 1; i >= 0; --i)
        diff.down << inverse(diff.up[i]);
    return diff;
}

QStringList SchemaDiff::writeSql(const Database &db, const QString &directory,
                                 const QString &name) const
{
    const QString base = migrationTimestamp() + u'_' + name;
    checkMigrationName(base);
    const Schema schema(db);
    QHash<QString, EntityInfo> state;
    const QStringList upSql = schema.toSql(up, state);
    const QStringList downSql = schema.toSql(down, state);
    const auto text = [&](const QStringList &statements, const QString &direction) {
        QString out = QStringLiteral("-- %1 (%2), generated by rexorm migration:generate for %3\n")
                          .arg(base, direction, db.dialect().displayName());
        for (const QString &warning : warnings)
            out += QStringLiteral("-- WARNING: %1\n").arg(warning);
        out += u'\n';
        for (const QString &statement : statements)
            out += statement + QStringLiteral(";\n\n");
        return out;
    };
    const QStringList paths = {QDir(directory).filePath(base + QStringLiteral(".up.sql")),
                               QDir(directory).filePath(base + QStringLiteral(".down.sql"))};
    const QStringList contents = {text(upSql, QStringLiteral("up")),
                                  text(downSql, QStringLiteral("down"))};
    for (int i = 0; i < 2; ++i) {
        QFile file(paths[i]);
        if (file.exists())
            throw MigrationError(QStringLiteral("%1 exists already").arg(paths[i]));
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
            file.write(contents[i].toUtf8()) < 0)
            throw MigrationError(
                QStringLiteral("Cannot write %1: %2").arg(paths[i], file.errorString()));
    }
    return paths;
}

namespace {

QString cppString(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    escaped.replace(u'\n', QStringLiteral("\\n"));
    return u'"' + escaped + u'"';
}

QString cppList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted << QStringLiteral("QStringLiteral(%1)").arg(cppString(name));
    return u'{' + quoted.join(QStringLiteral(", ")) + u'}';
}

QString cppColumnType(ColumnType type)
{
    static const char *names[] = {"Boolean",  "SmallInt",   "Integer", "BigInt", "Real", "Double",
                                  "Decimal",  "String",     "Text",    "Binary", "Date", "Time",
                                  "DateTime", "DateTimeTz", "Json",    "Uuid"};
    return QStringLiteral("RexOrm::ColumnType::") + QLatin1String(names[int(type)]);
}

QString cppAction(const QString &action)
{
    if (action == u"CASCADE")
        return QStringLiteral("Cascade");
    if (action == u"SET NULL")
        return QStringLiteral("SetNull");
    if (action == u"SET DEFAULT")
        return QStringLiteral("SetDefault");
    if (action == u"RESTRICT")
        return QStringLiteral("Restrict");
    return QStringLiteral("NoAction");
}

// A default as a typed C++ literal: numbers stay numbers, booleans booleans.
QString cppDefault(const ColumnInfo &column)
{
    const QString text = column.defaultValue.toString();
    static const QRegularExpression number(QStringLiteral("^-?\\d+(\\.\\d+)?$"));
    switch (column.type) {
    case ColumnType::Boolean:
        if (text == u"1" || text.compare(u"true", Qt::CaseInsensitive) == 0)
            return QStringLiteral("true");
        if (text == u"0" || text.compare(u"false", Qt::CaseInsensitive) == 0)
            return QStringLiteral("false");
        break;
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt:
    case ColumnType::Real:
    case ColumnType::Double:
        if (number.match(text).hasMatch())
            return column.type == ColumnType::BigInt ? QStringLiteral("qint64(%1)").arg(text)
                                                     : text;
        break;
    default:
        break;
    }
    return QStringLiteral("QStringLiteral(%1)").arg(cppString(text));
}

// The .onDelete(...) and .onUpdate(...) of a foreign key, where it has them.
QString cppActions(const ForeignKeyInfo &key)
{
    QString out;
    if (!key.onDelete.isEmpty())
        out +=
            QStringLiteral(".onDelete(RexOrm::ReferentialAction::%1)").arg(cppAction(key.onDelete));
    if (!key.onUpdate.isEmpty())
        out +=
            QStringLiteral(".onUpdate(RexOrm::ReferentialAction::%1)").arg(cppAction(key.onUpdate));
    return out;
}

QString cppColumn(const ColumnInfo &column, const QString &indent)
{
    QString code = column.type == ColumnType::Decimal
                       ? indent + QStringLiteral("t.decimal(QStringLiteral(%1), %2, %3)")
                                      .arg(cppString(column.name))
                                      .arg(column.precision)
                                      .arg(column.scale)
                       : indent + QStringLiteral("t.column(QStringLiteral(%1), %2)")
                                      .arg(cppString(column.name), cppColumnType(column.type));
    if (column.length > 0)
        code += QStringLiteral(".length(%1)").arg(column.length);
    if (column.autoIncrement)
        code += QStringLiteral(".autoIncrement()");
    else if (column.primaryKey)
        code += QStringLiteral(".primaryKey()");
    else if (!column.nullable)
        code += QStringLiteral(".notNull()");
    if (column.unique && !column.primaryKey)
        code += QStringLiteral(".unique()");
    if (!column.defaultExpression.isEmpty())
        code += QStringLiteral(".defaultExpression(QStringLiteral(%1))")
                    .arg(cppString(column.defaultExpression));
    else if (column.defaultValue.isValid() && !column.defaultValue.isNull())
        code += QStringLiteral(".defaultValue(%1)").arg(cppDefault(column));
    return code + QStringLiteral(";\n");
}

QString cppChanges(const QList<SchemaChange> &changes)
{
    QString code;
    const QString in = QStringLiteral("            ");
    for (const SchemaChange &change : changes) {
        const QString table = QStringLiteral("QStringLiteral(%1)").arg(cppString(change.table));
        const auto alter = [&](const QString &body) {
            code += QStringLiteral("        schema.alter(%1, [](RexOrm::Blueprint &t) {\n%2"
                                   "        });\n")
                        .arg(table, body);
        };
        switch (change.kind) {
        case SchemaChange::CreateTable: {
            QString body;
            for (const ColumnInfo &column : change.definition.columns) {
                ColumnInfo declared = column;
                if (change.definition.primaryKey.size() > 1)
                    declared.primaryKey = false;
                body += cppColumn(declared, in);
            }
            if (change.definition.primaryKey.size() > 1)
                body +=
                    in +
                    QStringLiteral("t.primary(%1);\n").arg(cppList(change.definition.primaryKey));
            for (const IndexInfo &index : change.definition.indexes)
                body +=
                    in + QStringLiteral("t.%1(%2, QStringLiteral(%3));\n")
                             .arg(index.unique ? QStringLiteral("unique") : QStringLiteral("index"),
                                  cppList(index.columns), cppString(index.name));
            for (const ForeignKeyInfo &key : change.definition.foreignKeys)
                body += in + QStringLiteral("t.foreign(%1).references(QStringLiteral(%2), %3)%4;\n")
                                 .arg(cppList(key.columns), cppString(key.referencedTable),
                                      cppList(key.referencedColumns), cppActions(key));
            code += QStringLiteral("        schema.create(%1, [](RexOrm::Blueprint &t) {\n%2"
                                   "        });\n")
                        .arg(table, body);
            break;
        }
        case SchemaChange::DropTable:
            code += QStringLiteral("        schema.drop(%1);\n").arg(table);
            break;
        case SchemaChange::RenameTable:
            code += QStringLiteral("        schema.rename(%1, QStringLiteral(%2));\n")
                        .arg(table, cppString(change.newName));
            break;
        case SchemaChange::AddColumn:
            alter(cppColumn(change.column, in));
            break;
        case SchemaChange::AlterColumn: {
            QString line = cppColumn(change.column, in);
            line.insert(line.size() - 2, QStringLiteral(".change()"));
            alter(line);
            break;
        }
        case SchemaChange::DropColumn:
            alter(
                in +
                QStringLiteral("t.dropColumn(QStringLiteral(%1));\n").arg(cppString(change.name)));
            break;
        case SchemaChange::RenameColumn:
            alter(in + QStringLiteral("t.renameColumn(QStringLiteral(%1), QStringLiteral(%2));\n")
                           .arg(cppString(change.name), cppString(change.newName)));
            break;
        case SchemaChange::AddIndex:
            alter(in +
                  QStringLiteral("t.%1(%2, QStringLiteral(%3));\n")
                      .arg(change.index.unique ? QStringLiteral("unique") : QStringLiteral("index"),
                           cppList(change.index.columns), cppString(change.index.name)));
            break;
        case SchemaChange::DropIndex:
            alter(in +
                  QStringLiteral("t.dropIndex(QStringLiteral(%1));\n").arg(cppString(change.name)));
            break;
        case SchemaChange::AddForeignKey:
            alter(in + QStringLiteral("t.foreign(%1, QStringLiteral(%2)).references("
                                      "QStringLiteral(%3), %4)%5;\n")
                           .arg(cppList(change.foreignKey.columns),
                                cppString(change.foreignKey.name),
                                cppString(change.foreignKey.referencedTable),
                                cppList(change.foreignKey.referencedColumns),
                                cppActions(change.foreignKey)));
            break;
        case SchemaChange::DropForeignKey:
            alter(
                in +
                QStringLiteral("t.dropForeign(QStringLiteral(%1));\n").arg(cppString(change.name)));
            break;
        case SchemaChange::Sql:
            code += QStringLiteral("        schema.execute(QStringLiteral(%1));\n")
                        .arg(cppString(change.sql));
            break;
        }
    }
    return code;
}

} // namespace

QStringList SchemaDiff::writeCpp(const QString &directory, const QString &name) const
{
    const QString base = migrationTimestamp() + u'_' + name;
    checkMigrationName(base);
    QString className;
    for (const QString &part : name.split(u'_', Qt::SkipEmptyParts))
        className += part.left(1).toUpper() + part.mid(1);
    className = QStringLiteral("Migration") + className;
    QString code = QStringLiteral("// %1, generated by rexorm migration:generate.\n").arg(base);
    for (const QString &warning : warnings)
        code += QStringLiteral("// WARNING: %1\n").arg(warning);
    code += QStringLiteral("#include <rexorm/migrations/migration.h>\n\nnamespace {\n\n"
                           "class %1 : public RexOrm::Migration\n{\npublic:\n"
                           "    void up(RexOrm::Schema &schema) override\n    {\n%2    }\n"
                           "    void down(RexOrm::Schema &schema) override\n    {\n%3    }\n"
                           "};\n\n} // namespace\n\nREXORM_MIGRATION(%1, \"%4\")\n")
                .arg(className, cppChanges(up), cppChanges(down), base);
    const QString path = QDir(directory).filePath(base + QStringLiteral(".cpp"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) || file.write(code.toUtf8()) < 0)
        throw MigrationError(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    return {path};
}

} // namespace RexOrm
