#include <rexorm/meta/registry.h>

#include <QtCore/QReadWriteLock>

#include <map>

namespace RexOrm {

struct Registry::Private
{
    mutable QReadWriteLock lock;
    std::map<QString, std::unique_ptr<EntityInfo>> entities;

    const EntityInfo *findLocked(const QString &name) const
    {
        const auto it = entities.find(name);
        return it == entities.end() ? nullptr : it->second.get();
    }
};

Registry::Registry() : d(std::make_unique<Private>()) {}

Registry::~Registry() = default;

Registry &Registry::global()
{
    static Registry registry;
    return registry;
}

const EntityInfo &Registry::registerMetaObject(const QMetaObject &metaObject, bool isGadget)
{
    {
        QReadLocker lock(&d->lock);
        for (const auto &[name, entity] : d->entities) {
            if (entity->metaObject == &metaObject)
                return *entity;
        }
    }
    return registerEntity(entityFromMetaObject(metaObject, isGadget));
}

static void checkEntity(const EntityInfo &entity)
{
    const auto fail = [&](const QString &what) {
        throw MetadataError(
            QStringLiteral("Entity %1: %2")
                .arg(entity.name.isEmpty() ? QStringLiteral("(unnamed)") : entity.name, what));
    };
    if (entity.name.isEmpty())
        fail(QStringLiteral("has no name"));
    if (entity.table.isEmpty())
        fail(QStringLiteral("has no table"));
    QStringList seen;
    for (const ColumnInfo &column : entity.columns) {
        if (column.name.isEmpty())
            fail(QStringLiteral("has a column without a name"));
        if (seen.contains(column.name))
            fail(QStringLiteral("has two columns named \"%1\"").arg(column.name));
        seen << column.name;
    }
    for (const QString &key : entity.primaryKey) {
        if (!seen.contains(key))
            fail(QStringLiteral("primary key column \"%1\" is not a column").arg(key));
    }
}

const EntityInfo &Registry::registerEntity(EntityInfo entity)
{
    checkEntity(entity);
    QWriteLocker lock(&d->lock);
    for (const auto &[name, known] : d->entities) {
        if (entity.metaObject && known->metaObject == entity.metaObject)
            return *known; // another thread registered the same class first
    }
    if (const EntityInfo *existing = d->findLocked(entity.name))
        throw MetadataError(QStringLiteral("Entity %1 is registered already (table %2)")
                                .arg(entity.name, existing->qualifiedTable()));
    auto stored = std::make_unique<EntityInfo>(std::move(entity));
    const EntityInfo &result = *stored;
    d->entities.emplace(result.name, std::move(stored));
    return result;
}

void Registry::unregisterEntity(const QString &name)
{
    QWriteLocker lock(&d->lock);
    d->entities.erase(name);
}

bool Registry::contains(const QString &name) const
{
    QReadLocker lock(&d->lock);
    return d->findLocked(name) != nullptr;
}

const EntityInfo *Registry::find(const QString &name) const
{
    QReadLocker lock(&d->lock);
    return d->findLocked(name);
}

const EntityInfo &Registry::entity(const QString &name) const
{
    if (const EntityInfo *found = find(name))
        return *found;
    throw MetadataError(QStringLiteral("No entity named \"%1\"; registered: %2")
                            .arg(name, entityNames().join(QStringLiteral(", "))));
}

const EntityInfo *Registry::findByTable(const QString &qualifiedTable) const
{
    QReadLocker lock(&d->lock);
    for (const auto &[name, entity] : d->entities) {
        if (entity->qualifiedTable() == qualifiedTable ||
            (entity->schema.isEmpty() && entity->table == qualifiedTable))
            return entity.get();
    }
    return nullptr;
}

const EntityInfo *Registry::findByMetaObject(const QMetaObject *metaObject) const
{
    QReadLocker lock(&d->lock);
    for (const auto &[name, entity] : d->entities) {
        if (entity->metaObject == metaObject)
            return entity.get();
    }
    return nullptr;
}

QStringList Registry::entityNames() const
{
    QReadLocker lock(&d->lock);
    QStringList names;
    for (const auto &[name, entity] : d->entities)
        names << name;
    return names;
}

void Registry::validate() const
{
    QReadLocker lock(&d->lock);
    for (const auto &[name, entity] : d->entities) {
        for (const RelationInfo &relation : entity->relations) {
            const auto fail = [&](const QString &what) {
                throw MetadataError(QStringLiteral("%1: relation %2 (%3 %4): %5")
                                        .arg(name, relation.name,
                                             RelationInfo::kindName(relation.kind), relation.target,
                                             what));
            };
            const EntityInfo *target = d->findLocked(relation.target);
            if (!target)
                fail(QStringLiteral("no entity named %1 is registered").arg(relation.target));
            switch (relation.kind) {
            case RelationInfo::HasOne:
            case RelationInfo::HasMany:
                if (!target->column(relation.foreignKey))
                    fail(QStringLiteral("%1 has no column \"%2\"")
                             .arg(target->name, relation.foreignKey));
                if (!entity->column(relation.localKey))
                    fail(QStringLiteral("%1 has no column \"%2\"").arg(name, relation.localKey));
                break;
            case RelationInfo::BelongsTo:
                if (!target->column(relation.localKey))
                    fail(QStringLiteral("%1 has no column \"%2\"")
                             .arg(target->name, relation.localKey));
                break;
            case RelationInfo::BelongsToMany:
                if (!entity->column(relation.localKey))
                    fail(QStringLiteral("%1 has no column \"%2\"").arg(name, relation.localKey));
                break;
            }
        }
    }
}

void Registry::clear()
{
    QWriteLocker lock(&d->lock);
    d->entities.clear();
}

} // namespace RexOrm
