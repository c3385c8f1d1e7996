#pragma once

#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/model/model.h>

#include <QtCore/QPointer>

#include <memory>
#include <type_traits>
#include <vector>

namespace RexOrm {

// The typed repository of a compiled model: a QObject subclass (handed out as
// std::unique_ptr<T>) or a Q_GADGET value type (handed out by value). The spec's methods
// (findAll, findById, create, update, remove) plus save() and query(); everything the
// EntityRepository does (validation, version checks, events after commit) applies.
template<typename T> class Repository
{
public:
    static constexpr bool isObject = std::is_base_of_v<QObject, T>;
    using Handle = std::conditional_t<isObject, std::unique_ptr<T>, T>;

    explicit Repository(Database db, Registry &registry = Registry::global())
        : m_records(std::move(db), registry.registerModel<T>(), &registry),
          m_entity(&m_records.entity())
    {}
    Repository(const Repository &other) : m_records(other.m_records), m_entity(&m_records.entity())
    {}
    Repository &operator=(const Repository &other)
    {
        m_records = other.m_records;
        m_entity = &m_records.entity();
        return *this;
    }

    const EntityInfo &entity() const { return *m_entity; }
    const EntityRepository &records() const { return m_records; }
    Query query() const { return m_records.query(); }

    std::vector<Handle> get(const Query &query) const
    {
        if constexpr (std::is_base_of_v<Model, T>) {
            return toHandles(m_records.get(query)); // Models keep the row as their snapshot
        } else {
            // Rows stream straight into objects: no intermediate list of rows.
            const Database &db = m_records.database();
            const BuiltQuery built = query.build(db.dialect());
            std::optional<ModelHydrator> hydrator;
            std::vector<Handle> handles;
            db.forEachRow(built.sql, built.params,
                          [&](const QStringList &columns, const QVariantList &row) {
                              if (!hydrator)
                                  hydrator.emplace(*m_entity, db.dialect(), columns);
                              if constexpr (isObject) {
                                  auto object = std::make_unique<T>();
                                  hydrator->write(static_cast<QObject *>(object.get()), row);
                                  handles.push_back(std::move(object));
                              } else {
                                  T value{};
                                  hydrator->write(&value, row);
                                  handles.push_back(std::move(value));
                              }
                          });
            return handles;
        }
    }
    std::vector<Handle> findAll(qint64 limit = -1, qint64 offset = 0) const
    {
        Query q = query();
        for (const QString &column : m_entity->primaryKey)
            q.orderBy(column);
        if (limit >= 0)
            q.limit(limit);
        if (offset > 0)
            q.offset(offset);
        return get(q);
    }
    std::optional<Handle> findById(const QVariant &id) const
    {
        if constexpr (std::is_base_of_v<Model, T>) {
            if (auto record = m_records.find(id))
                return toHandle(*record);
            return std::nullopt;
        } else {
            const QueryResult result = m_records.findRow(id);
            if (result.isEmpty())
                return std::nullopt;
            const ModelHydrator hydrator(*m_entity, m_records.database().dialect(), result.columns);
            if constexpr (isObject) {
                auto object = std::make_unique<T>();
                hydrator.write(static_cast<QObject *>(object.get()), result.rows.first());
                return object;
            } else {
                T value{};
                hydrator.write(&value, result.rows.first());
                return value;
            }
        }
    }
    Handle findOrFail(const QVariant &id) const { return toHandle(m_records.findOrFail(id)); }

    Handle create(const QVariantMap &values) const { return toHandle(m_records.create(values)); }
    Handle update(const QVariant &id, const QVariantMap &values) const
    {
        return toHandle(m_records.update(id, values));
    }
    bool remove(const QVariant &id) const { return m_records.remove(id); }

    // Inserts a new object or updates a stored one, then copies generated keys, defaults and
    // the version back into it. A Model writes only changed columns; other types write all.
    void save(T &object) const
    {
        Record record = recordOf(object);
        m_records.save(record);
        writeProperties(address(object), *m_entity, record);
        if constexpr (std::is_base_of_v<Model, T>) {
            object.setSnapshot(record);
            afterCommit(&object, &Model::saved);
        }
    }
    void remove(T &object) const
    {
        Record record = recordOf(object);
        m_records.remove(record);
        if constexpr (std::is_base_of_v<Model, T>) {
            object.setSnapshot(Record(m_records.sharedEntity()));
            afterCommit(&object, &Model::removed);
        }
    }

    // The same calls on an executor thread: the caller never blocks. QObject handles are
    // move-only: read them with QFuture::takeResult().
    QFuture<std::vector<Handle>> findAllAsync(qint64 limit = -1, qint64 offset = 0) const
    {
        return m_records.database().run(
            [self = *this, limit, offset] { return self.findAll(limit, offset); });
    }
    QFuture<std::vector<Handle>> getAsync(const Query &query) const
    {
        return m_records.database().run([self = *this, query] { return self.get(query); });
    }
    QFuture<std::optional<Handle>> findByIdAsync(const QVariant &id) const
    {
        return m_records.database().run([self = *this, id] { return self.findById(id); });
    }
    QFuture<Handle> createAsync(const QVariantMap &values) const
    {
        return m_records.database().run([self = *this, values] { return self.create(values); });
    }
    QFuture<Handle> updateAsync(const QVariant &id, const QVariantMap &values) const
    {
        return m_records.database().run(
            [self = *this, id, values] { return self.update(id, values); });
    }
    QFuture<bool> removeAsync(const QVariant &id) const
    {
        return m_records.database().run([self = *this, id] { return self.remove(id); });
    }

    // Reloads the object from its row (after a rolled-back transaction, say: objects are not
    // transactional, rows are). Throws NotFoundError when the row is gone.
    void refresh(T &object) const
    {
        Record record = recordOf(object);
        m_records.refresh(record);
        writeProperties(address(object), *m_entity, record);
        if constexpr (std::is_base_of_v<Model, T>)
            object.setSnapshot(record);
    }

    // JSON of an object, without hidden columns (see Record::toJson()).
    QJsonObject toJson(const T &object) const
    {
        return readProperties(address(const_cast<T &>(object)), *m_entity).toJson();
    }

private:
    // Emits a Model's signal now, or when the open transaction commits.
    void afterCommit(Model *object, void (Model::*signal)()) const
    {
        const Database &db = m_records.database();
        if (db.transactionDepth() == 0) {
            (object->*signal)();
            return;
        }
        QPointer<Model> guarded(object);
        db.onCommit([guarded, signal] {
            if (guarded)
                (guarded.data()->*signal)();
        });
    }

    static void *address(T &object)
    {
        if constexpr (isObject)
            return static_cast<QObject *>(&object);
        else
            return &object;
    }

    Record recordOf(T &object) const
    {
        Record current = readProperties(address(object), *m_entity);
        // An auto-increment key left at 0 means "not stored yet": the database numbers it.
        for (const QString &column : m_entity->primaryKey) {
            if (m_entity->column(column)->autoIncrement && current.value(column).toLongLong() == 0)
                current.setValue(column, QVariant());
        }
        if constexpr (std::is_base_of_v<Model, T>) {
            if (!object.snapshot().isNew()) {
                Record tracked = object.snapshot();
                tracked.setValues(current.values());
                return tracked;
            }
            return current;
        } else {
            // Without a snapshot: a row whose key is unset is new; otherwise every column is
            // written.
            bool keyed = !m_entity->primaryKey.isEmpty();
            for (const QString &column : m_entity->primaryKey) {
                const QVariant key = current.value(column);
                keyed = keyed && !key.isNull();
            }
            // A key set by the caller (a UUID, say) may not be stored yet: look before updating.
            if (!keyed || m_records.findRow(current.primaryKey()).isEmpty())
                return current;
            Record stored(m_records.sharedEntity());
            for (const QString &column : m_entity->primaryKey)
                stored.setValue(column, current.value(column));
            // The version the object was read with is what the update must still find.
            if (const ColumnInfo *version = m_entity->versionColumn())
                stored.setValue(version->name, current.value(version->name));
            stored.markSaved();
            stored.setValues(current.values());
            return stored;
        }
    }

    Handle toHandle(const Record &record) const
    {
        if constexpr (isObject) {
            auto object = std::make_unique<T>();
            writeProperties(static_cast<QObject *>(object.get()), *m_entity, record);
            if constexpr (std::is_base_of_v<Model, T>)
                object->setSnapshot(record);
            return object;
        } else {
            T value{};
            writeProperties(&value, *m_entity, record);
            return value;
        }
    }

    std::vector<Handle> toHandles(const QList<Record> &records) const
    {
        std::vector<Handle> handles;
        handles.reserve(records.size());
        for (const Record &record : records)
            handles.push_back(toHandle(record));
        return handles;
    }

    EntityRepository m_records;
    const EntityInfo *m_entity; // the repository's own copy, inside m_records
};

} // namespace RexOrm
