#include "entitiesmodel.h"

#include <session/async.h>
#include <session/session.h>

#include <QtCore/QJsonArray>
#include <QtCore/QLocale>
#include <QtCore/QTimer>

namespace RexOrm::Admin {

EntitiesModel::EntitiesModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session), m_recount(new QTimer(this))
{
    m_recount->setSingleShot(true);
    m_recount->setInterval(500);
    connect(m_recount, &QTimer::timeout, this, [this] {
        const QSet<QString> dirty = std::exchange(m_dirty, {});
        for (const QString &entity : dirty)
            countExactly(entity);
    });
    connect(session, &Session::opened, this, &EntitiesModel::reset);
    connect(session, &Session::closed, this, &EntitiesModel::reset);
    connect(session, &Session::changed, this, [this](const ChangeEvent &event, const QString &e) {
        // Inserts and deletes move an exact count; estimates wait for the next refresh.
        if (e.isEmpty() || event.operation == ChangeEvent::Update)
            return;
        const auto it = m_counts.constFind(e);
        if (it != m_counts.constEnd() && !it->estimated) {
            m_dirty.insert(e);
            if (!m_recount->isActive())
                m_recount->start();
        }
    });
    reset();
}

void EntitiesModel::reset()
{
    beginResetModel();
    m_entities = m_session ? m_session->entities() : QStringList();
    m_counts.clear();
    m_dirty.clear();
    ++m_generation;
    m_pending = 0;
    endResetModel();
    refreshCounts();
}

QString EntitiesModel::entityAt(int row) const
{
    return m_entities.value(row);
}

int EntitiesModel::rowOf(const QString &entity) const
{
    return int(m_entities.indexOf(entity));
}

void EntitiesModel::refreshCounts()
{
    if (!m_session || !m_session->isOpen() || m_entities.isEmpty())
        return;
    const Database db = m_session->database();
    const QString dialect = db.dialect().name();
    QString sql;
    if (dialect == u"postgres")
        sql = QStringLiteral("SELECT c.relname, c.reltuples::bigint FROM pg_class c JOIN "
                             "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', "
                             "'p') AND n.nspname = current_schema()");
    else if (dialect == u"mysql" || dialect == u"mariadb")
        sql = QStringLiteral("SELECT table_name, table_rows FROM information_schema.tables WHERE "
                             "table_schema = DATABASE()");
    if (sql.isEmpty()) { // SQLite: no statistics worth trusting; counting is cheap there
        for (const QString &entity : std::as_const(m_entities))
            countExactly(entity);
        return;
    }
    const quint64 generation = m_generation;
    ++m_pending;
    whenFinished(
        db.executeAsync(sql), this,
        [this, generation](const QueryResult &result) {
            if (generation != m_generation)
                return;
            --m_pending;
            QHash<QString, qint64> estimates;
            for (const QVariantList &row : result.rows)
                estimates.insert(row.value(0).toString(), row.value(1).toLongLong());
            for (const QString &entity : std::as_const(m_entities)) {
                const EntityInfo *info = m_session->entity(entity);
                const qint64 estimate = info ? estimates.value(info->table, -1) : -1;
                // Never analysed (-1 on PostgreSQL) or small: count it.
                if (estimate < 0 || estimate <= exactCountLimit)
                    countExactly(entity);
                else
                    setCount(entity, estimate, true);
            }
        },
        [this, generation](const QString &) {
            if (generation != m_generation)
                return;
            --m_pending;
            for (const QString &entity : std::as_const(m_entities))
                countExactly(entity);
        });
}

void EntitiesModel::countExactly(const QString &entity)
{
    const auto names = m_session ? m_session->names(entity) : std::nullopt;
    if (!names)
        return;
    const quint64 generation = m_generation;
    ++m_pending;
    whenFinished(
        m_session->request(QStringLiteral("{ total: %1 { count } }").arg(names->aggregateField)),
        this,
        [this, generation, entity](const QJsonObject &response) {
            if (generation != m_generation)
                return;
            --m_pending;
            const QJsonValue count = response.value(QStringLiteral("data"))
                                         .toObject()
                                         .value(QStringLiteral("total"))
                                         .toObject()
                                         .value(QStringLiteral("count"));
            if (count.isDouble())
                setCount(entity, count.toInteger(), false);
            else
                emit countsChanged();
        },
        [this, generation](const QString &) {
            if (generation == m_generation) {
                --m_pending;
                emit countsChanged();
            }
        });
}

void EntitiesModel::setCount(const QString &entity, qint64 rows, bool estimated)
{
    m_counts.insert(entity, {rows, estimated});
    if (const int row = rowOf(entity); row >= 0)
        emit dataChanged(index(row), index(row));
    emit countsChanged();
}

int EntitiesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entities.size());
}

QVariant EntitiesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString entity = m_entities.at(index.row());
    const Count count = m_counts.value(entity);
    switch (role) {
    case Qt::DisplayRole: {
        if (count.rows < 0)
            return entity;
        const QString rows = QLocale().toString(count.rows);
        return count.estimated ? tr("%1  (~%2)").arg(entity, rows)
                               : tr("%1  (%2)").arg(entity, rows);
    }
    case Qt::ToolTipRole: {
        const EntityInfo *info = m_session ? m_session->entity(entity) : nullptr;
        QString tip = info ? info->qualifiedTable() : entity;
        if (count.estimated)
            tip += u'\n' + tr("About %n row(s), as the database estimates", nullptr,
                              int(std::min<qint64>(count.rows, INT_MAX)));
        return tip;
    }
    case EntityRole:
        return entity;
    case CountRole:
        return count.rows;
    case EstimatedRole:
        return count.estimated;
    default:
        return {};
    }
}

} // namespace RexOrm::Admin
