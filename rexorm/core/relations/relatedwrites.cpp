// Saving a record together with its loaded related records, in one transaction.

#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>

#include <QtCore/QMap>
#include <QtCore/QSet>

namespace RexOrm {

namespace {

// {"posts.comments", "posts.tags", "author"} -> {posts: {comments, tags}, author: {}}
QMap<QString, QStringList> relationTree(const QStringList &paths)
{
    QMap<QString, QStringList> tree;
    for (const QString &path : paths) {
        const qsizetype dot = path.indexOf(u'.');
        const QString head = dot < 0 ? path : path.left(dot);
        if (head.isEmpty())
            throw Error(
                QStringLiteral("saveWithRelated(): empty relation name in \"%1\"").arg(path));
        QStringList &rest = tree[head];
        if (dot >= 0)
            rest << path.mid(dot + 1);
    }
    return tree;
}

} // namespace

void EntityRepository::saveWithRelated(Record &record, const QStringList &relations) const
{
    const QMap<QString, QStringList> tree = relationTree(relations);
    for (auto it = tree.begin(); it != tree.end(); ++it) {
        relationOrFail(it.key());
        if (!record.hasRelated(it.key()))
            throw Error(
                QStringLiteral("saveWithRelated(): %1.%2 is not loaded or set on the record "
                               "(Record::setRelated)")
                    .arg(m_entity->name, it.key()));
    }
    Record working = record;
    m_db.transaction([&] {
        // Parents first: a belongsTo row's key becomes this record's foreign key.
        QHash<QString, QList<Record>> saved;
        for (auto it = tree.begin(); it != tree.end(); ++it) {
            const RelationInfo &relation = relationOrFail(it.key());
            if (relation.kind != RelationInfo::BelongsTo)
                continue;
            const EntityRepository target(m_db, targetOf(relation), m_registry);
            QList<Record> parents = working.related(it.key());
            for (Record &parent : parents) {
                target.saveWithRelated(parent, it.value());
                working.setValue(relation.foreignKey, parent.value(relation.localKey));
            }
            saved.insert(it.key(), parents);
        }

        save(working);

        // Then children and linked rows, which need this record's key.
        for (auto it = tree.begin(); it != tree.end(); ++it) {
            const RelationInfo &relation = relationOrFail(it.key());
            if (relation.kind == RelationInfo::BelongsTo)
                continue;
            const EntityRepository target(m_db, targetOf(relation), m_registry);
            QList<Record> children = record.related(it.key());
            const QVariant ownKey = working.value(relation.localKey);
            if (relation.kind != RelationInfo::BelongsToMany) {
                for (Record &child : children) {
                    child.setValue(relation.foreignKey, ownKey);
                    target.saveWithRelated(child, it.value());
                }
                saved.insert(it.key(), children);
                continue;
            }
            const QueryResult linked = Query(relation.pivotTable)
                                           .select(relation.pivotRelatedKey)
                                           .where(relation.pivotForeignKey, ownKey)
                                           .execute(m_db);
            QSet<QString> present;
            for (qsizetype row = 0; row < linked.size(); ++row)
                present.insert(linked.value(row, 0).toString());
            const QString childKeyColumn = relation.foreignKey.isEmpty()
                                               ? target.entity().primaryKey.value(0)
                                               : relation.foreignKey;
            for (Record &child : children) {
                const QVariantMap pivot = child.pivot();
                target.saveWithRelated(child, it.value());
                child.setPivot(pivot);
                const QVariant childKey = child.value(childKeyColumn);
                if (present.contains(childKey.toString()))
                    continue;
                QVariantMap pivotValues;
                for (const QString &column : relation.pivotColumns) {
                    if (pivot.contains(column))
                        pivotValues.insert(column, pivot.value(column));
                }
                attach(working, it.key(), {childKey}, pivotValues);
                present.insert(childKey.toString());
            }
            saved.insert(it.key(), children);
        }
        for (auto it = saved.begin(); it != saved.end(); ++it)
            working.setRelated(it.key(), it.value());
    });
    record = working; // only once everything is through
}

} // namespace RexOrm
