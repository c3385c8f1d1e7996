// Relations of EntityRepository: eager loading, whereHas, and many-to-many links.
#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QUuid>

namespace RexOrm {

namespace {

// Rows per IN (...) list: far below every engine's limit on bound values.
constexpr qsizetype keysPerQuery = 10000;

// Keys compare as text; a QUuid prints with braces, the drivers without.
QString keyText(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QUuid)
        return value.toUuid().toString(QUuid::WithoutBraces);
    return value.toString();
}

QVariantList distinctKeys(const QList<Record> &records, const QString &column)
{
    QVariantList keys;
    QSet<QString> seen;
    for (const Record &record : records) {
        const QVariant key = record.values().value(column);
        if (key.isNull() || seen.contains(keyText(key)))
            continue;
        seen.insert(keyText(key));
        keys << key;
    }
    return keys;
}

QList<QVariantList> chunks(const QVariantList &keys)
{
    QList<QVariantList> parts;
    for (qsizetype i = 0; i < keys.size(); i += keysPerQuery)
        parts << keys.mid(i, keysPerQuery);
    return parts;
}

QString column(const QString &table, const QString &name)
{
    return table + u'.' + name;
}

} // namespace

const RelationInfo &EntityRepository::relationOrFail(const QString &name) const
{
    if (const RelationInfo *relation = m_entity->relation(name))
        return *relation;
    QStringList known;
    for (const RelationInfo &relation : m_entity->relations)
        known << relation.name;
    throw Error(
        QStringLiteral("%1 has no relation \"%2\" (relations: %3)")
            .arg(m_entity->name, name,
                 known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", "))));
}

const EntityInfo &EntityRepository::targetOf(const RelationInfo &relation) const
{
    return m_registry->entity(relation.target);
}

QList<Record> EntityRepository::get(const Query &query, const QStringList &relations) const
{
    QList<Record> records = get(query);
    loadRelations(records, relations);
    return records;
}

void EntityRepository::loadRelations(QList<Record> &records, const QStringList &relations) const
{
    // "posts.comments" and "posts.author" share the posts level: one query for it.
    QStringList order;
    QHash<QString, QStringList> nested;
    for (const QString &path : relations) {
        const QString first = path.section(u'.', 0, 0);
        const QString rest = path.section(u'.', 1);
        if (first.isEmpty())
            throw Error(QStringLiteral("Empty relation name in \"%1\"").arg(path));
        if (!order.contains(first))
            order << first;
        if (!rest.isEmpty())
            nested[first] << rest;
    }
    for (const QString &name : std::as_const(order)) {
        const RelationInfo &relation = relationOrFail(name);
        const EntityRepository targets(m_db, targetOf(relation), m_registry);
        const EntityInfo &target = targets.entity();
        QHash<QString, QList<Record>> byOwner;

        switch (relation.kind) {
        case RelationInfo::HasOne:
        case RelationInfo::HasMany:
        case RelationInfo::BelongsTo: {
            const bool owned = relation.kind == RelationInfo::BelongsTo;
            const QString ownerColumn =
                owned ? relation.foreignKey : relation.localKey; // on these records
            const QString targetColumn =
                owned ? relation.localKey : relation.foreignKey; // on the targets
            QList<Record> found;
            for (const QVariantList &keys : chunks(distinctKeys(records, ownerColumn)))
                found << targets.get(targets.query().whereIn(targetColumn, keys));
            targets.loadRelations(found, nested.value(name));
            for (const Record &row : std::as_const(found))
                byOwner[keyText(row.values().value(targetColumn))] << row;
            for (Record &record : records) {
                QList<Record> related = byOwner.value(keyText(record.values().value(ownerColumn)));
                if (record.values().value(ownerColumn).isNull())
                    related.clear();
                if (relation.kind != RelationInfo::HasMany && related.size() > 1)
                    related = related.mid(0, 1);
                record.setRelated(name, related);
            }
            break;
        }
        case RelationInfo::BelongsToMany: {
            const QString targetKey =
                relation.foreignKey.isEmpty() ? target.primaryKey.value(0) : relation.foreignKey;
            QList<Record> found;
            QStringList owners;
            for (const QVariantList &keys : chunks(distinctKeys(records, relation.localKey))) {
                Query q = Query(target.qualifiedTable() + QStringLiteral(" rexorm_t"))
                              .select(QStringLiteral("rexorm_t.*"))
                              .select(column(QStringLiteral("rexorm_p"), relation.pivotForeignKey) +
                                      QStringLiteral(" AS rexorm_pivot_owner"));
                for (const QString &extra : relation.pivotColumns)
                    q.select(column(QStringLiteral("rexorm_p"), extra) +
                             QStringLiteral(" AS rexorm_pivot_") + extra);
                q.join(relation.pivotTable + QStringLiteral(" rexorm_p"),
                       column(QStringLiteral("rexorm_p"), relation.pivotRelatedKey),
                       QStringLiteral("="), column(QStringLiteral("rexorm_t"), targetKey))
                    .whereIn(column(QStringLiteral("rexorm_p"), relation.pivotForeignKey), keys);
                for (const QString &key : target.primaryKey)
                    q.orderBy(column(QStringLiteral("rexorm_t"), key));
                PluginManager::global().applyScopes(q, target, QStringLiteral("rexorm_t"));
                const QueryResult result = q.execute(m_db);
                for (qsizetype row = 0; row < result.size(); ++row) {
                    Record record =
                        Record::fromRow(targets.sharedEntity(), m_db.dialect(), result, row);
                    QVariantMap pivot;
                    for (const QString &extra : relation.pivotColumns)
                        pivot.insert(extra,
                                     result.value(row, QStringLiteral("rexorm_pivot_") + extra));
                    record.setPivot(pivot);
                    found << record;
                    owners << keyText(result.value(row, u"rexorm_pivot_owner"));
                }
            }
            targets.loadRelations(found, nested.value(name));
            for (qsizetype i = 0; i < found.size(); ++i)
                byOwner[owners[i]] << found[i];
            for (Record &record : records)
                record.setRelated(name,
                                  byOwner.value(keyText(record.values().value(relation.localKey))));
            break;
        }
        }
    }
}

QList<Record> EntityRepository::related(Record &record, const QString &relation) const
{
    if (!record.hasRelated(relation)) {
        QList<Record> one{record};
        loadRelations(one, {relation});
        record.setRelated(relation, one.first().related(relation));
    }
    return record.related(relation);
}

Query EntityRepository::whereHas(const QString &name,
                                 const std::function<void(Query &)> &constraint) const
{
    const RelationInfo &relation = relationOrFail(name);
    const EntityInfo &target = targetOf(relation);
    const QString self = m_entity->qualifiedTable();
    const QString other = target.qualifiedTable();
    Query exists;
    switch (relation.kind) {
    case RelationInfo::HasOne:
    case RelationInfo::HasMany:
        exists = Query(other)
                     .select(QStringLiteral("*"))
                     .whereColumn(column(other, relation.foreignKey), QStringLiteral("="),
                                  column(self, relation.localKey));
        break;
    case RelationInfo::BelongsTo:
        exists = Query(other)
                     .select(QStringLiteral("*"))
                     .whereColumn(column(other, relation.localKey), QStringLiteral("="),
                                  column(self, relation.foreignKey));
        break;
    case RelationInfo::BelongsToMany: {
        const QString targetKey =
            relation.foreignKey.isEmpty() ? target.primaryKey.value(0) : relation.foreignKey;
        exists =
            Query(other)
                .select(QStringLiteral("*"))
                .join(relation.pivotTable, column(relation.pivotTable, relation.pivotRelatedKey),
                      QStringLiteral("="), column(other, targetKey))
                .whereColumn(column(relation.pivotTable, relation.pivotForeignKey),
                             QStringLiteral("="), column(self, relation.localKey));
        break;
    }
    }
    if (constraint)
        exists.where([&](Query &group) { constraint(group); });
    PluginManager::global().applyScopes(exists, target, other);
    Query q = query();
    q.whereExists(exists);
    return q;
}

void EntityRepository::attach(const Record &record, const QString &name,
                              const QVariantList &relatedKeys, const QVariantMap &pivotValues) const
{
    const RelationInfo &relation = relationOrFail(name);
    if (relation.kind != RelationInfo::BelongsToMany)
        throw Error(QStringLiteral("attach() needs a belongsToMany relation; %1.%2 is %3")
                        .arg(m_entity->name, name, RelationInfo::kindName(relation.kind)));
    if (relatedKeys.isEmpty())
        return;
    const QVariant owner = record.values().value(relation.localKey);
    QList<Fields> rows;
    for (const QVariant &key : relatedKeys) {
        Fields row = {{relation.pivotForeignKey, owner}, {relation.pivotRelatedKey, key}};
        for (auto it = pivotValues.begin(); it != pivotValues.end(); ++it)
            row.append({it.key(), it.value()});
        rows << row;
    }
    m_db.transaction([&] { Query(relation.pivotTable).insert(rows).execute(m_db); });
}

void EntityRepository::detach(const Record &record, const QString &name,
                              const QVariantList &relatedKeys) const
{
    const RelationInfo &relation = relationOrFail(name);
    if (relation.kind != RelationInfo::BelongsToMany)
        throw Error(QStringLiteral("detach() needs a belongsToMany relation; %1.%2 is %3")
                        .arg(m_entity->name, name, RelationInfo::kindName(relation.kind)));
    Query q = Query(relation.pivotTable)
                  .remove()
                  .where(relation.pivotForeignKey, record.values().value(relation.localKey));
    if (!relatedKeys.isEmpty())
        q.whereIn(relation.pivotRelatedKey, relatedKeys);
    m_db.transaction([&] { q.execute(m_db); });
}

void EntityRepository::sync(const Record &record, const QString &name,
                            const QVariantList &relatedKeys) const
{
    const RelationInfo &relation = relationOrFail(name);
    if (relation.kind != RelationInfo::BelongsToMany)
        throw Error(QStringLiteral("sync() needs a belongsToMany relation; %1.%2 is %3")
                        .arg(m_entity->name, name, RelationInfo::kindName(relation.kind)));
    m_db.transaction([&] {
        const QueryResult current =
            Query(relation.pivotTable)
                .select(relation.pivotRelatedKey)
                .where(relation.pivotForeignKey, record.values().value(relation.localKey))
                .execute(m_db);
        QSet<QString> wanted;
        for (const QVariant &key : relatedKeys)
            wanted.insert(keyText(key));
        QSet<QString> present;
        QVariantList stale;
        for (qsizetype i = 0; i < current.size(); ++i) {
            const QVariant key = current.value(i, 0);
            present.insert(keyText(key));
            if (!wanted.contains(keyText(key)))
                stale << key;
        }
        QVariantList missing;
        for (const QVariant &key : relatedKeys) {
            if (!present.contains(keyText(key)))
                missing << key;
        }
        if (!stale.isEmpty())
            detach(record, name, stale);
        attach(record, name, missing);
    });
}

} // namespace RexOrm
