#include "entitylistmodel.h"
#include "qmldatabase.h"

#include <rexorm/graphql/inflector.h>
#include <rexorm/graphql/liveapi.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>

namespace RexOrm::Quick {

namespace {

constexpr int maxLimit = 10000;

QString str(const char *text)
{
    return QString::fromLatin1(text);
}

} // namespace

struct EntityListModel::Shape
{
    QString entity;                          // the entity's name
    QString typeName;                        // Post
    QString listField;                       // listPosts
    QString aggregateField;                  // postsAggregate: the total behind the window
    QStringList keys;                        // the key fields, in key order: get<Type>'s arguments
    QStringList scalars;                     // the fields read: every scalar or enum field
    QHash<QString, QString> argumentTypes;   // get<Type>'s argument types, by name
    QHash<QString, QString> updateArguments; // update<Type>'s argument types, by name
    bool hasCreate = false;
    bool hasUpdate = false;
    bool hasDelete = false;
};

EntityListModel::EntityListModel(QObject *parent) : QAbstractListModel(parent) {}

EntityListModel::~EntityListModel() = default;

QmlDatabase *EntityListModel::database() const
{
    return m_databaseSet ? m_database.data() : QmlDatabase::instance();
}

void EntityListModel::setDatabase(QmlDatabase *database)
{
    if (m_databaseSet && m_database == database)
        return;
    m_database = database;
    m_databaseSet = true;
    forget();
    emit databaseChanged();
    scheduleRefresh();
}

void EntityListModel::setEntity(const QString &entity)
{
    if (assign(m_entity, entity, &EntityListModel::entityChanged))
        forget();
}

void EntityListModel::forget()
{
    m_shape.reset();
    ++m_generation; // reads and writes still running are for what was: their answers are dropped
    if (m_rows.isEmpty() && m_pending.isEmpty())
        return;
    // Other rows entirely (another table, another database): buffered edits must not follow.
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    endResetModel();
    emit countChanged();
    ++m_revision;
    emit revisionChanged();
}

QString EntityListModel::keyAt(int row) const
{
    return m_shape && row >= 0 && row < m_rows.size() ? keyOf(m_rows.at(row)) : QString();
}

int EntityListModel::rowOf(const QString &key) const
{
    for (int i = 0; m_shape && !key.isEmpty() && i < m_rows.size(); ++i) {
        if (keyOf(m_rows.at(i)) == key)
            return i;
    }
    return -1;
}

template<typename T>
bool EntityListModel::assign(T &member, const T &value, void (EntityListModel::*changed)())
{
    if (member == value)
        return false;
    member = value;
    emit(this->*changed)();
    scheduleRefresh();
    return true;
}

EntityListModel::KeyArguments EntityListModel::keyArguments(int row) const
{
    KeyArguments key;
    for (const QString &name : std::as_const(m_shape->keys)) {
        key.declarations << QStringLiteral("$%1: %2").arg(name, m_shape->argumentTypes.value(name));
        key.arguments << QStringLiteral("%1: $%1").arg(name);
        key.variables.insert(name, QJsonValue::fromVariant(m_rows.at(row).value(name)));
    }
    return key;
}

void EntityListModel::setWhere(const QVariantMap &where)
{
    assign(m_where, where, &EntityListModel::whereChanged);
}

void EntityListModel::setOrderBy(const QVariantList &orderBy)
{
    assign(m_orderBy, orderBy, &EntityListModel::orderByChanged);
}

void EntityListModel::setLimit(int limit)
{
    assign(m_limit, std::clamp(limit, 0, maxLimit), &EntityListModel::limitChanged);
}

void EntityListModel::setOffset(int offset)
{
    assign(m_offset, std::max(offset, 0), &EntityListModel::offsetChanged);
}

void EntityListModel::setLive(bool live)
{
    assign(m_live, live, &EntityListModel::liveChanged);
}

int EntityListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant EntityListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int field = role - Qt::UserRole;
    if (field < 0 || field >= m_fields.size())
        return role == Qt::DisplayRole && !m_fields.isEmpty()
                   ? m_rows.at(index.row()).value(m_fields.first())
                   : QVariant();
    const QVariantMap &pending = m_pending.value(index.row());
    const QString &name = m_fields.at(field);
    return pending.contains(name) ? pending.value(name) : m_rows.at(index.row()).value(name);
}

QHash<int, QByteArray> EntityListModel::roleNames() const
{
    QHash<int, QByteArray> roles;
    for (qsizetype i = 0; i < m_fields.size(); ++i)
        roles.insert(Qt::UserRole + int(i), m_fields.at(i).toUtf8());
    return roles;
}

QVariantMap EntityListModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    QVariantMap values = m_rows.at(row);
    values.insert(m_pending.value(row));
    return values;
}

void EntityListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    emit loadingChanged();
}

void EntityListModel::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

namespace {

// The schema's root fields and object types, as much as a model needs.
const char shapeQuery[] =
    "{ __schema { queryType { name } mutationType { name } types { name kind "
    "fields { name type { ...T } args { name type { ...T } } } } } } "
    "fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } "
    "} } }";

QString typeText(const QJsonObject &type)
{
    const QString kind = type.value(str("kind")).toString();
    if (kind == u"NON_NULL")
        return typeText(type.value(str("ofType")).toObject()) + u'!';
    if (kind == u"LIST")
        return u'[' + typeText(type.value(str("ofType")).toObject()) + u']';
    return type.value(str("name")).toString();
}

QString namedKind(QJsonObject type)
{
    while (type.value(str("kind")).toString() == u"NON_NULL")
        type = type.value(str("ofType")).toObject();
    return type.value(str("kind")).toString();
}

} // namespace

void EntityListModel::resolveShape(const QJsonObject &schema)
{
    QHash<QString, QJsonObject> types;
    for (const QJsonValue &type : schema.value(str("types")).toArray())
        types.insert(type.toObject().value(str("name")).toString(), type.toObject());
    const QJsonArray queryFields =
        types.value(schema.value(str("queryType")).toObject().value(str("name")).toString())
            .value(str("fields"))
            .toArray();
    const QJsonArray mutationFields =
        types.value(schema.value(str("mutationType")).toObject().value(str("name")).toString())
            .value(str("fields"))
            .toArray();
    const auto fieldNamed = [](const QJsonArray &fields, const QString &name) {
        for (const QJsonValue &field : fields) {
            if (field.toObject().value(str("name")).toString() == name)
                return field.toObject();
        }
        return QJsonObject();
    };

    // The entity's type: the one its list field returns, named as the entity, its type name
    // or its table (the API names types by inflection: tasks -> Task).
    const QmlDatabase *db = database();
    if (!db || !db->isOpen())
        return;
    const QString local = db->isRemote() ? QString() : db->entityName(m_entity);
    const QStringList candidates{local.isEmpty() ? QString()
                                                 : db->state()->api.live->typeName(local),
                                 m_entity, GraphQL::Inflector::typeName(m_entity)};
    auto shape = std::make_unique<Shape>();
    for (const QString &candidate : candidates) {
        if (candidate.isEmpty() || !shape->listField.isEmpty())
            continue;
        for (const QJsonValue &value : queryFields) {
            const QJsonObject field = value.toObject();
            const QString name = field.value(str("name")).toString();
            if (name.startsWith(u"list") &&
                typeText(field.value(str("type")).toObject()) == u'[' + candidate + str("!]!")) {
                shape->listField = name;
                shape->typeName = candidate;
            }
        }
    }
    if (shape->listField.isEmpty()) {
        setError(QStringLiteral("No entity \"%1\" in this database").arg(m_entity));
        return;
    }
    for (const QJsonValue &value : queryFields) {
        const QJsonObject field = value.toObject();
        if (typeText(field.value(str("type")).toObject()) == shape->typeName + str("Aggregate!"))
            shape->aggregateField = field.value(str("name")).toString();
    }
    shape->entity = db->isRemote() ? m_entity : local;
    for (const QJsonValue &value : types.value(shape->typeName).value(str("fields")).toArray()) {
        const QJsonObject field = value.toObject();
        const QString kind = namedKind(field.value(str("type")).toObject());
        if (kind == u"SCALAR" || kind == u"ENUM")
            shape->scalars << field.value(str("name")).toString();
    }
    for (const QJsonValue &value : fieldNamed(queryFields, QStringLiteral("get") + shape->typeName)
                                       .value(str("args"))
                                       .toArray()) {
        const QJsonObject argument = value.toObject();
        shape->keys << argument.value(str("name")).toString();
        shape->argumentTypes.insert(argument.value(str("name")).toString(),
                                    typeText(argument.value(str("type")).toObject()));
    }
    const QJsonObject update =
        fieldNamed(mutationFields, QStringLiteral("update") + shape->typeName);
    for (const QJsonValue &value : update.value(str("args")).toArray()) {
        const QJsonObject argument = value.toObject();
        shape->updateArguments.insert(argument.value(str("name")).toString(),
                                      typeText(argument.value(str("type")).toObject()));
    }
    shape->hasCreate =
        !fieldNamed(mutationFields, QStringLiteral("upsert") + shape->typeName).isEmpty();
    shape->hasUpdate = !update.isEmpty();
    shape->hasDelete =
        !fieldNamed(mutationFields, QStringLiteral("delete") + shape->typeName).isEmpty();
    if (shape->keys.isEmpty()) {
        setError(QStringLiteral("%1 has no key, so its rows cannot be followed").arg(m_entity));
        return;
    }
    if (m_fields != shape->scalars) {
        // New roles: the one moment the model changes shape, so a reset is the honest signal.
        beginResetModel();
        m_rows.clear();
        m_pending.clear();
        m_fields = shape->scalars;
        endResetModel();
        emit fieldsChanged();
        emit countChanged();
    }
    m_shape = std::move(shape);
}

void EntityListModel::scheduleRefresh()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        refresh();
    });
}

void EntityListModel::reload()
{
    m_shape.reset();
    ++m_generation; // answers of reads started before are dropped
    scheduleRefresh();
}

void EntityListModel::onChange(const QString &entity)
{
    if (m_live && m_shape && (entity.isEmpty() || entity == m_shape->entity))
        scheduleRefresh();
}

void EntityListModel::attach(QmlDatabase *db)
{
    if (m_attached == db)
        return;
    if (m_attached)
        disconnect(m_attached, nullptr, this, nullptr);
    m_attached = db;
    if (!db)
        return;
    // Follow the database: its opening and closing, its changes (live), its lost events.
    connect(db, &QmlDatabase::openChanged, this, &EntityListModel::reload);
    connect(db, &QmlDatabase::resyncNeeded, this, &EntityListModel::scheduleRefresh);
    connect(db, &QmlDatabase::entityChanged, this, &EntityListModel::onChange);
}

void EntityListModel::refresh()
{
    QmlDatabase *db = database();
    attach(db);
    if (!db || !db->isOpen() || m_entity.isEmpty()) {
        m_shape.reset();
        if (!m_rows.isEmpty()) {
            beginResetModel(); // the database or entity went away: nothing to diff against
            m_rows.clear();
            m_pending.clear();
            endResetModel();
            emit countChanged();
        }
        return;
    }
    if (m_inFlight) {
        m_dirty = true; // once the running read answers, read again
        return;
    }
    m_inFlight = true;
    m_dirty = false;
    setLoading(true);
    const quint64 generation = ++m_generation;
    const auto finish = [this] {
        m_inFlight = false;
        setLoading(false);
        emit refreshed();
        if (m_dirty)
            refresh();
    };
    if (!m_shape) {
        db->execute(str(shapeQuery), {}, this, [this, generation, finish](const QJsonObject &r) {
            const QJsonArray errors = r.value(str("errors")).toArray();
            if (generation == m_generation) {
                if (!errors.isEmpty())
                    setError(errors.first().toObject().value(str("message")).toString());
                else
                    resolveShape(r.value(str("data")).toObject().value(str("__schema")).toObject());
            }
            if (m_shape && generation == m_generation) {
                m_inFlight = false;
                refresh(); // the rows, now that the names are known
                return;
            }
            finish(); // and read again if the entity changed meanwhile
        });
        return;
    }
    if (m_live)
        db->watch(m_shape->entity); // once per entity; also after `live` was turned back on
    QJsonArray orderBy = QJsonArray::fromVariantList(m_orderBy);
    for (const QString &key : std::as_const(m_shape->keys)) // a total order: ties by key
        orderBy.append(QJsonObject{{str("field"), key}});
    // The window's rows and, in the same request, how many rows match in all.
    const QString total =
        m_shape->aggregateField.isEmpty()
            ? QString()
            : QStringLiteral(" total: %1(where: $where) { count }").arg(m_shape->aggregateField);
    const QString document =
        QStringLiteral("query($where: %1Where, $orderBy: [%1OrderBy!], $limit: Int, "
                       "$offset: Int) { rows: %2(where: $where, orderBy: $orderBy, limit: "
                       "$limit, offset: $offset) { %3 }%4 }")
            .arg(m_shape->typeName, m_shape->listField, m_shape->scalars.join(u' '), total);
    const QJsonObject variables{{str("where"), QJsonObject::fromVariantMap(m_where)},
                                {str("orderBy"), orderBy},
                                {str("limit"), m_limit},
                                {str("offset"), m_offset}};
    db->execute(document, variables, this, [this, generation, finish](const QJsonObject &r) {
        if (generation == m_generation && m_shape) {
            const QJsonArray errors = r.value(str("errors")).toArray();
            if (!errors.isEmpty()) {
                setError(errors.first().toObject().value(str("message")).toString());
            } else {
                const QJsonObject data = r.value(str("data")).toObject();
                QList<QVariantMap> rows;
                for (const QJsonValue &row : data.value(str("rows")).toArray())
                    rows << row.toObject().toVariantMap();
                setError({});
                apply(rows);
                const int total =
                    data.contains(str("total"))
                        ? data.value(str("total")).toObject().value(str("count")).toInt()
                        : m_offset + int(m_rows.size());
                if (total != m_total) {
                    m_total = total;
                    emit totalChanged();
                }
            }
        }
        finish();
    });
}

QString EntityListModel::keyOf(const QVariantMap &row) const
{
    QStringList parts;
    for (const QString &key : std::as_const(m_shape->keys))
        parts << QString::fromUtf8(
            QJsonDocument(QJsonArray{QJsonValue::fromVariant(row.value(key))})
                .toJson(QJsonDocument::Compact));
    return parts.join(u'\x1f');
}

// Turns the current rows into rows with the fewest signals: removals of rows gone; moves of the
// rows outside the longest run already in the new order (one row whose sort key changed is one
// move); insertions of new rows at their positions; dataChanged with the roles that differ.
void EntityListModel::apply(const QList<QVariantMap> &rows)
{
    const int before = int(m_rows.size());
    QHash<QString, int> target; // key -> index in rows
    for (int i = 0; i < rows.size(); ++i)
        target.insert(keyOf(rows.at(i)), i);
    const auto shiftPending = [this](const std::function<int(int)> &map) {
        QHash<int, QVariantMap> shifted;
        for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
            const int row = map(it.key());
            if (row >= 0)
                shifted.insert(row, it.value());
        }
        m_pending = shifted;
    };

    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (target.contains(keyOf(m_rows.at(i))))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        shiftPending([i](int row) { return row == i ? -1 : row > i ? row - 1 : row; });
        endRemoveRows();
    }

    // Each row's key, computed once and kept in step with m_rows below.
    QStringList current;
    current.reserve(m_rows.size());
    for (const QVariantMap &row : std::as_const(m_rows))
        current << keyOf(row);
    QStringList wanted;
    wanted.reserve(rows.size());
    for (const QVariantMap &row : rows)
        wanted << keyOf(row);

    // The longest subsequence of the remaining rows already in target order stays put.
    QList<int> order; // target index of each current row
    for (const QString &key : std::as_const(current))
        order << target.value(key);
    QList<int> tails, tailAt, previous(order.size(), -1);
    for (int i = 0; i < order.size(); ++i) {
        const auto it = std::lower_bound(tails.begin(), tails.end(), order[i]);
        const int length = int(it - tails.begin());
        if (it == tails.end()) {
            tails << order[i];
            tailAt << i;
        } else {
            *it = order[i];
            tailAt[length] = i;
        }
        previous[i] = length > 0 ? tailAt[length - 1] : -1;
    }
    QSet<QString> placed; // rows in their final relative order
    for (int i = tailAt.isEmpty() ? -1 : tailAt.last(); i >= 0; i = previous[i])
        placed.insert(current.at(i));

    // Each other row goes right after the last placed row that precedes it in the new order.
    QStringList toMove;
    for (const QString &key : std::as_const(current)) {
        if (!placed.contains(key))
            toMove << key;
    }
    for (const QString &key : std::as_const(toMove)) {
        int from = -1;
        int destination = 0;
        for (int i = 0; i < current.size(); ++i) {
            const QString &other = current.at(i);
            if (other == key)
                from = i;
            else if (placed.contains(other) && target.value(other) < target.value(key))
                destination = i + 1;
        }
        placed.insert(key);
        if (destination == from || destination == from + 1)
            continue; // already there
        beginMoveRows({}, from, from, {}, destination);
        const int to = destination > from ? destination - 1 : destination;
        m_rows.move(from, to);
        current.move(from, to);
        shiftPending([from, to](int row) {
            if (row == from)
                return to;
            if (from < to && row > from && row <= to)
                return row - 1;
            if (to < from && row >= to && row < from)
                return row + 1;
            return row;
        });
        endMoveRows();
    }

    for (int i = 0; i < rows.size(); ++i) {
        if (i < current.size() && current.at(i) == wanted.at(i)) {
            QList<int> changedRoles;
            for (qsizetype f = 0; f < m_fields.size(); ++f) {
                const QString &name = m_fields.at(f);
                if (m_rows.at(i).value(name) != rows.at(i).value(name))
                    changedRoles << Qt::UserRole + int(f);
            }
            if (!changedRoles.isEmpty()) {
                m_rows[i] = rows.at(i);
                const QModelIndex index = this->index(i);
                emit dataChanged(index, index, changedRoles);
            }
            continue;
        }
        beginInsertRows({}, i, i);
        m_rows.insert(i, rows.at(i));
        current.insert(i, wanted.at(i));
        shiftPending([i](int row) { return row >= i ? row + 1 : row; });
        endInsertRows();
    }
    if (before != m_rows.size())
        emit countChanged();
    ++m_revision;
    emit revisionChanged();
}

bool EntityListModel::setProperty(int row, const QString &field, const QVariant &value)
{
    if (!m_shape || row < 0 || row >= m_rows.size() || !m_fields.contains(field) ||
        m_shape->keys.contains(field))
        return false;
    // Text from an editor becomes what the field takes: "42" for an Int, "" for null.
    QVariant typed = value;
    const QString type = m_shape->updateArguments.value(field);
    if (value.metaType().id() == QMetaType::QString) {
        const QString text = value.toString().trimmed();
        bool ok = true;
        if (text.isEmpty() && type != u"String" && type != u"String!")
            typed = QVariant();
        else if (type.startsWith(u"Int"))
            typed = text.toLongLong(&ok);
        else if (type.startsWith(u"Float"))
            typed = text.toDouble(&ok);
        else if (type.startsWith(u"Boolean"))
            typed = text == u"true" || text == u"1";
        if (!ok)
            typed = value; // left as typed: the save reports what is wrong with it
    }
    m_pending[row].insert(field, typed);
    const QModelIndex index = this->index(row);
    emit dataChanged(index, index, {Qt::UserRole + int(m_fields.indexOf(field))});
    ++m_revision;
    emit revisionChanged();
    return true;
}

void EntityListModel::save(int row)
{
    if (!m_shape || row < 0 || row >= m_rows.size() || !m_shape->hasUpdate) {
        emit saveFailed(row, QStringLiteral("This row cannot be saved"), {});
        return;
    }
    const QVariantMap changes = m_pending.value(row);
    if (changes.isEmpty()) {
        emit saved(row);
        return;
    }
    auto [declarations, arguments, variables] = keyArguments(row);
    // update<Type> takes flat arguments: one variable per changed field, typed as the argument
    // is, so values are never written into the document.
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QString type = m_shape->updateArguments.value(it.key());
        if (type.isEmpty()) {
            emit saveFailed(row, QStringLiteral("%1 cannot be written").arg(it.key()), {});
            return;
        }
        declarations << QStringLiteral("$v_%1: %2").arg(it.key(), type);
        arguments << QStringLiteral("%1: $v_%1").arg(it.key());
        variables.insert(QStringLiteral("v_") + it.key(), QJsonValue::fromVariant(it.value()));
    }
    write(row,
          QStringLiteral("mutation(%1) { update%2(%3) { __typename } }")
              .arg(declarations.join(QStringLiteral(", ")), m_shape->typeName,
                   arguments.join(QStringLiteral(", "))),
          variables, changes);
}

void EntityListModel::append(const QVariantMap &values)
{
    if (!m_shape || !m_shape->hasCreate) {
        emit saveFailed(-1, QStringLiteral("Rows cannot be added here"), {});
        return;
    }
    write(-1,
          QStringLiteral("mutation($input: %1Input!) { upsert%1(input: $input) { __typename } }")
              .arg(m_shape->typeName),
          {{str("input"), QJsonObject::fromVariantMap(values)}});
}

void EntityListModel::remove(int row)
{
    if (!m_shape || row < 0 || row >= m_rows.size() || !m_shape->hasDelete) {
        emit saveFailed(row, QStringLiteral("This row cannot be deleted"), {});
        return;
    }
    const auto [declarations, arguments, variables] = keyArguments(row);
    write(row,
          QStringLiteral("mutation(%1) { delete%2(%3) { __typename } }")
              .arg(declarations.join(QStringLiteral(", ")), m_shape->typeName,
                   arguments.join(QStringLiteral(", "))),
          variables);
}

void EntityListModel::write(int row, const QString &document, const QJsonObject &variables,
                            const QVariantMap &sent)
{
    const QString key = keyAt(row);
    const quint64 generation = m_generation;
    database()->execute(document, variables, this, [=, this](const QJsonObject &response) {
        // The row may have moved meanwhile: find it by key (the model may hold other rows now).
        const bool same = generation == m_generation;
        const int at = same ? rowOf(key) : -1;
        const QJsonArray errors = response.value(str("errors")).toArray();
        if (!errors.isEmpty()) {
            const QJsonObject error = errors.first().toObject();
            const QVariantMap fields = error.value(str("extensions"))
                                           .toObject()
                                           .value(str("fields"))
                                           .toObject()
                                           .toVariantMap();
            emit saveFailed(key.isEmpty() ? -1 : at, error.value(str("message")).toString(),
                            fields);
            return;
        }
        if (at >= 0 && m_pending.contains(at)) {
            // Only the edits this write carried: ones typed since stay buffered.
            QVariantMap &pending = m_pending[at];
            QList<int> roles;
            for (auto it = sent.begin(); it != sent.end(); ++it) {
                if (pending.contains(it.key()) && pending.value(it.key()) == it.value()) {
                    pending.remove(it.key());
                    roles << Qt::UserRole + int(m_fields.indexOf(it.key()));
                }
            }
            if (pending.isEmpty())
                m_pending.remove(at);
            if (!roles.isEmpty()) {
                const QModelIndex index = this->index(at);
                emit dataChanged(index, index, roles);
            }
        }
        emit saved(key.isEmpty() ? -1 : at);
        if (!m_live)
            scheduleRefresh();
    });
}

} // namespace RexOrm::Quick
