#include <rexorm/changes/changeevent.h>
#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/validation/validator.h>

namespace RexOrm {

namespace {

ExecOptions ownEvents()
{
    ExecOptions options;
    options.publishesOwnEvents = true; // the repository publishes row events itself
    return options;
}

} // namespace

EntityRepository::EntityRepository(Database db, const EntityInfo &entity, const Registry *registry)
    : EntityRepository(std::move(db), std::make_shared<const EntityInfo>(entity), registry)
{}

EntityRepository::EntityRepository(Database db, std::shared_ptr<const EntityInfo> entity,
                                   const Registry *registry)
    : m_db(std::move(db)), m_entity(std::move(entity)),
      m_registry(registry ? registry : &Registry::global())
{
    if (!m_entity)
        throw Error(QStringLiteral("EntityRepository needs an entity"));
    if (!m_entity->primaryKey.isEmpty()) {
        QVariantMap placeholders;
        for (const QString &column : m_entity->primaryKey)
            placeholders.insert(column, 0); // any non-NULL value: NULL would render IS NULL
        // Without scopes: findRow() takes this path only while no scope is registered.
        m_findSql = withoutScopes().whereKey(placeholders).limit(1).build(m_db.dialect()).sql;
    }
}

Query EntityRepository::query() const
{
    Query q = Query(m_entity->qualifiedTable()).allowColumns(m_entity->columnNames());
    if (m_allScopesLifted)
        q.withoutScopes();
    for (const QString &name : m_liftedScopes)
        q.withoutScope(name);
    PluginManager::global().applyScopes(q, *m_entity);
    return q;
}

EntityRepository EntityRepository::withoutScope(const QString &name) const
{
    EntityRepository copy = *this;
    if (!copy.m_liftedScopes.contains(name))
        copy.m_liftedScopes << name;
    return copy;
}

EntityRepository EntityRepository::withoutScopes() const
{
    EntityRepository copy = *this;
    copy.m_allScopesLifted = true;
    return copy;
}

QList<Record> EntityRepository::get(const Query &query) const
{
    const QueryResult result = query.execute(m_db);
    QList<Record> records;
    records.reserve(result.size());
    for (qsizetype row = 0; row < result.size(); ++row)
        records << Record::fromRow(m_entity, m_db.dialect(), result, row);
    return records;
}

QVariantMap EntityRepository::keyMap(const QVariant &key) const
{
    if (m_entity->primaryKey.isEmpty())
        throw Error(
            QStringLiteral("%1 has no primary key: it cannot be found, updated or removed by key")
                .arg(m_entity->name));
    if (key.metaType().id() == QMetaType::QVariantMap) {
        const QVariantMap map = key.toMap();
        QStringList expected = m_entity->primaryKey;
        QStringList given = map.keys();
        expected.sort();
        if (given != expected)
            throw Error(QStringLiteral("%1's key is (%2), got (%3)")
                            .arg(m_entity->name, m_entity->primaryKey.join(QStringLiteral(", ")),
                                 map.keys().join(QStringLiteral(", "))));
        return map;
    }
    if (m_entity->primaryKey.size() != 1)
        throw Error(QStringLiteral("%1 has a composite key (%2): pass a QVariantMap")
                        .arg(m_entity->name, m_entity->primaryKey.join(QStringLiteral(", "))));
    return {{m_entity->primaryKey.first(), key}};
}

Query EntityRepository::whereKey(const QVariantMap &key) const
{
    Query q = query();
    for (auto it = key.begin(); it != key.end(); ++it)
        q.where(it.key(), it.value());
    return q;
}

QString EntityRepository::describeKey(const QVariantMap &key) const
{
    QStringList parts;
    for (auto it = key.begin(); it != key.end(); ++it)
        parts << it.key() + u'=' + it.value().toString();
    return m_entity->name + u'(' + parts.join(QStringLiteral(", ")) + u')';
}

QueryResult EntityRepository::findRow(const QVariant &key) const
{
    if (!m_allScopesLifted && PluginManager::global().hasScopes()) {
        const BuiltQuery built = whereKey(keyMap(key)).limit(1).build(m_db.dialect());
        return m_db.execute(built.sql, built.params);
    }
    if (m_entity->primaryKey.size() == 1 && key.metaType().id() != QMetaType::QVariantMap)
        return m_db.execute(m_findSql, QVariantList{key});
    // m_findSql binds the key columns in QVariantMap (sorted) order, as whereKey() wrote them.
    return m_db.execute(m_findSql, keyMap(key).values());
}

std::optional<Record> EntityRepository::find(const QVariant &key) const
{
    keyMap(key); // checks the key's shape
    const QueryResult result = findRow(key);
    if (result.isEmpty())
        return std::nullopt;
    return Record::fromRow(m_entity, m_db.dialect(), result, 0);
}

Record EntityRepository::findOrFail(const QVariant &key) const
{
    if (auto record = find(key))
        return *record;
    throw NotFoundError(
        QStringLiteral("No %1 row has key %2").arg(m_entity->name, describeKey(keyMap(key))));
}

QList<Record> EntityRepository::findAll(qint64 limit, qint64 offset) const
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

Record EntityRepository::create(const QVariantMap &values) const
{
    Record record(m_entity);
    record.setValues(values);
    save(record);
    return record;
}

void EntityRepository::save(Record &record) const
{
    if (!record.entity() || record.entity()->qualifiedTable() != m_entity->qualifiedTable())
        throw Error(QStringLiteral("A %1 record cannot be saved by the %2 repository")
                        .arg(record.entity() ? record.entity()->name : QStringLiteral("detached"),
                             m_entity->name));
    if (m_entity->readOnly)
        throw Error(QStringLiteral("%1 is read-only (a view)").arg(m_entity->name));
    if (record.isNew())
        insertRecord(record);
    else
        updateRecord(record);
}

void EntityRepository::checkHookColumns(const QVariantMap &values) const
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        const ColumnInfo *column = m_entity->column(it.key());
        if (!column)
            throw Error(QStringLiteral("A model hook set %1.%2, which is not a column")
                            .arg(m_entity->name, it.key()));
        if (column->readOnly)
            throw Error(QStringLiteral("A model hook set %1.%2, which is read-only (generated)")
                            .arg(m_entity->name, it.key()));
    }
}

void EntityRepository::insertRecord(Record &record) const
{
    const ColumnInfo *version = m_entity->versionColumn();
    QVariantMap values;
    for (const ColumnInfo &column : m_entity->columns) {
        const QVariant value = record.values().value(column.name);
        // NULL is left out, so the database fills its default (or NULL).
        if (column.readOnly || value.isNull())
            continue;
        values.insert(column.name, value);
    }
    if (version && values.value(version->name).isNull())
        values.insert(version->name, 1);
    const QList<ModelHooks *> hooks = PluginManager::global().hooksFor(*m_entity);
    if (hooks.isEmpty()) // else after the hooks, which may change the values
        Validator::validate(*m_entity, values, Validator::Mode::Insert);
    Record saved;
    m_db.transaction([&] {
        WriteOperation op(WriteOperation::Insert, *m_entity, m_db);
        op.values = values;
        if (!hooks.isEmpty()) {
            for (ModelHooks *hook : hooks)
                hook->beforeInsert(op);
            checkHookColumns(op.values);
            Validator::validate(*m_entity, op.values, Validator::Mode::Insert);
        }
        Fields fields;
        for (auto it = op.values.begin(); it != op.values.end(); ++it)
            fields.append({it.key(), it.value()});
        Query insert = Query(m_entity->qualifiedTable()).insert(fields);
        const bool returning = m_db.dialect().supportsReturning();
        if (returning)
            insert.returning(m_entity->primaryKey);
        // Run directly: the row event below replaces the builder's table event.
        const BuiltQuery built = insert.build(m_db.dialect());
        const QueryResult result = m_db.execute(built.sql, built.params, ownEvents());
        QVariantMap key;
        for (const QString &column : m_entity->primaryKey) {
            QVariant value = op.values.value(column);
            if (value.isNull() && returning && !result.isEmpty())
                value = result.value(0, column);
            else if (value.isNull() && m_entity->column(column)->autoIncrement)
                value = result.lastInsertId;
            if (value.isNull())
                throw Error(QStringLiteral("Inserted a %1 row but cannot tell its key %2: on "
                                           "this database, give it a value")
                                .arg(m_entity->name, column));
            key.insert(column, value);
        }
        // Read the row back: generated keys and database defaults become visible. Unscoped: a
        // row the scopes hide (inserted already soft-deleted, say) is still the row written.
        const QList<Record> stored = withoutScopes().get(withoutScopes().whereKey(key));
        if (stored.isEmpty())
            throw Error(
                QStringLiteral("The %1 row just inserted cannot be read back").arg(m_entity->name));
        saved = stored.first();
        op.key = saved.primaryKey();
        op.newRow = saved.values();
        for (ModelHooks *hook : hooks)
            hook->afterInsert(op);
        ChangeEvent event;
        event.operation = ChangeEvent::Insert;
        event.entity = m_entity->name;
        event.table = m_entity->qualifiedTable();
        event.primaryKey = saved.primaryKey();
        event.newRow = saved.values();
        event.changedColumns = op.values.keys();
        m_db.publishChange(event);
    });
    record = saved; // only once the transaction (or savepoint) is through
}

void EntityRepository::updateRecord(Record &record) const
{
    const ColumnInfo *version = m_entity->versionColumn();
    QVariantMap changed = record.changedValues();
    for (const ColumnInfo &column : m_entity->columns) {
        if (column.readOnly)
            changed.remove(column.name); // generated columns are the database's to write
    }
    if (changed.isEmpty())
        return;
    const QList<ModelHooks *> hooks = PluginManager::global().hooksFor(*m_entity);
    // Only the changed columns are checked, but rules across columns see the whole row.
    if (hooks.isEmpty())
        Validator::validate(*m_entity, record.values(), Validator::Mode::Update, changed.keys());
    Record saved;
    const QVariantMap key = record.primaryKey();
    m_db.transaction([&] {
        WriteOperation op(WriteOperation::Update, *m_entity, m_db);
        op.key = key;
        op.values = changed;
        op.oldRow = record.originalValues();
        QVariantMap row = record.values();
        if (!hooks.isEmpty()) {
            for (ModelHooks *hook : hooks)
                hook->beforeUpdate(op);
            checkHookColumns(op.values);
            row.insert(op.values);
            Validator::validate(*m_entity, row, Validator::Mode::Update, op.values.keys());
        }
        Fields fields;
        for (auto it = op.values.begin(); it != op.values.end(); ++it)
            fields.append({it.key(), it.value()});
        Query update = whereKey(key);
        if (version && !op.values.contains(version->name)) {
            const QVariant current = record.originalValues().value(version->name);
            fields.append({version->name, current.toLongLong() + 1});
            update.where(version->name, current);
        }
        update.update(fields);
        const BuiltQuery built = update.build(m_db.dialect());
        const QueryResult result = m_db.execute(built.sql, built.params, ownEvents());
        if (result.rowsAffected == 0) {
            if (version && find(key))
                throw ConflictError(
                    QStringLiteral("%1 was changed by someone else since it was read (version %2); "
                                   "refresh it and apply the change again")
                        .arg(describeKey(key),
                             record.originalValues().value(version->name).toString()));
            throw NotFoundError(QStringLiteral("No %1 row to update: %2 is gone")
                                    .arg(m_entity->name, describeKey(key)));
        }
        QVariantMap newKey;
        for (const QString &column : m_entity->primaryKey)
            newKey.insert(column, row.value(column));
        // Unscoped: the update may have moved the row out of a scope (soft delete does).
        const QList<Record> stored = withoutScopes().get(withoutScopes().whereKey(newKey));
        saved = stored.first();
        op.newRow = saved.values();
        for (ModelHooks *hook : hooks)
            hook->afterUpdate(op);
        ChangeEvent event;
        event.operation = ChangeEvent::Update;
        event.entity = m_entity->name;
        event.table = m_entity->qualifiedTable();
        event.primaryKey = newKey;
        event.newRow = saved.values();
        event.oldRow = op.oldRow;
        event.changedColumns = op.values.keys();
        m_db.publishChange(event);
    });
    record = saved;
}

Record EntityRepository::update(const QVariant &key, const QVariantMap &values) const
{
    Record record = findOrFail(key);
    record.setValues(values);
    save(record);
    return record;
}

bool EntityRepository::remove(const QVariant &key) const
{
    std::optional<Record> record = find(key);
    if (!record)
        return false;
    remove(*record);
    return true;
}

void EntityRepository::remove(Record &record) const
{
    if (m_entity->readOnly)
        throw Error(QStringLiteral("%1 is read-only (a view)").arg(m_entity->name));
    const QVariantMap key = record.primaryKey();
    const QList<ModelHooks *> hooks = PluginManager::global().hooksFor(*m_entity);
    std::optional<Record> updated; // when a hook turned the delete into an update
    m_db.transaction([&] {
        WriteOperation op(WriteOperation::Delete, *m_entity, m_db);
        op.key = key;
        op.oldRow = record.originalValues();
        for (ModelHooks *hook : hooks)
            hook->beforeDelete(op);
        if (op.isRewrittenAsUpdate()) {
            Record rewritten = record;
            rewritten.setValues(op.values);
            updateRecord(rewritten);
            updated = rewritten;
            return;
        }
        Query q = whereKey(key).remove();
        const BuiltQuery built = q.build(m_db.dialect());
        if (m_db.execute(built.sql, built.params, ownEvents()).rowsAffected == 0)
            throw NotFoundError(QStringLiteral("No %1 row to remove: %2 is gone")
                                    .arg(m_entity->name, describeKey(key)));
        for (ModelHooks *hook : hooks)
            hook->afterDelete(op);
        ChangeEvent event;
        event.operation = ChangeEvent::Delete;
        event.entity = m_entity->name;
        event.table = m_entity->qualifiedTable();
        event.primaryKey = key;
        event.oldRow = record.originalValues();
        m_db.publishChange(event);
    });
    if (updated) {
        record = *updated;
        return;
    }
    Record detached(m_entity);
    detached.setValues(record.values());
    record = detached; // new again: saving it would insert it anew
}

void EntityRepository::refresh(Record &record) const
{
    const QList<Record> stored = get(whereKey(record.primaryKey()));
    if (stored.isEmpty())
        throw NotFoundError(QStringLiteral("No %1 row to refresh: %2 is gone")
                                .arg(m_entity->name, describeKey(record.primaryKey())));
    record = stored.first();
}

QFuture<QList<Record>> EntityRepository::findAllAsync(qint64 limit, qint64 offset) const
{
    return m_db.run([self = *this, limit, offset] { return self.findAll(limit, offset); });
}

QFuture<std::optional<Record>> EntityRepository::findAsync(const QVariant &key) const
{
    return m_db.run([self = *this, key] { return self.find(key); });
}

QFuture<Record> EntityRepository::createAsync(const QVariantMap &values) const
{
    return m_db.run([self = *this, values] { return self.create(values); });
}

QFuture<Record> EntityRepository::updateAsync(const QVariant &key, const QVariantMap &values) const
{
    return m_db.run([self = *this, key, values] { return self.update(key, values); });
}

QFuture<bool> EntityRepository::removeAsync(const QVariant &key) const
{
    return m_db.run([self = *this, key] { return self.remove(key); });
}

} // namespace RexOrm
