#pragma once

#include <rexorm/error.h>
#include <rexorm/meta/entityinfo.h>

#include <QtCore/QObject>

#include <memory>
#include <type_traits>

namespace RexOrm {

// A malformed or inconsistent annotation or entity; the message names the class, the key and
// what was expected.
class REXORM_CORE_EXPORT MetadataError : public Error
{
public:
    using Error::Error;
};

// The entities RexOrm knows: compiled models read from their QMetaObject, and entities read from
// a live database by SchemaInspector. Thread-safe; entities stay at the same address until
// clear() or unregister.
class REXORM_CORE_EXPORT Registry
{
public:
    Registry();
    ~Registry();
    Registry(const Registry &) = delete;
    Registry &operator=(const Registry &) = delete;

    static Registry &global();

    // One line per model: Registry::global().registerModel<User>(). Throws MetadataError.
    template<typename T> const EntityInfo &registerModel()
    {
        return registerMetaObject(T::staticMetaObject, !std::is_base_of_v<QObject, T>);
    }
    const EntityInfo &registerMetaObject(const QMetaObject &metaObject, bool isGadget);
    // Registers an entity built by hand or by SchemaInspector; throws MetadataError when it is
    // inconsistent (no table, duplicate or unknown key columns).
    const EntityInfo &registerEntity(EntityInfo entity);
    void unregisterEntity(const QString &name);

    bool contains(const QString &name) const;
    const EntityInfo &entity(const QString &name) const; // throws MetadataError listing the known
    const EntityInfo *find(const QString &name) const;
    const EntityInfo *findByTable(const QString &qualifiedTable) const;
    const EntityInfo *findByMetaObject(const QMetaObject *metaObject) const;
    QStringList entityNames() const;

    // Checks that every relation's target is registered and its keys exist.
    void validate() const;
    void clear();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Parses a class's annotations into an EntityInfo without registering it.
REXORM_CORE_EXPORT EntityInfo entityFromMetaObject(const QMetaObject &metaObject, bool isGadget);

// "BlogPost" -> "blog_post"
REXORM_CORE_EXPORT QString toSnakeCase(QStringView name);

} // namespace RexOrm
