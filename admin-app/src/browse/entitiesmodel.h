#pragma once

#include <QtCore/QAbstractListModel>
#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QSet>

class QTimer;

namespace RexOrm::Admin {

class Session;

// The open database's entities for the sidebar, each with its row count. Server databases
// first give the planner's estimate (pg_class.reltuples, information_schema.tables.table_rows),
// shown as "~"; tables estimated small are then counted exactly, huge ones never are (a
// COUNT(*) over millions of rows is not worth a sidebar). SQLite has no estimate and counts.
class EntitiesModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { EntityRole = Qt::UserRole + 1, CountRole, EstimatedRole };
    static constexpr qint64 exactCountLimit = 200000; // larger estimates stay estimates

    explicit EntitiesModel(Session *session, QObject *parent = nullptr);

    QString entityAt(int row) const;
    int rowOf(const QString &entity) const;
    void refreshCounts();
    int pendingCounts() const { return m_pending; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void countsChanged();

private:
    struct Count
    {
        qint64 rows = -1; // unknown
        bool estimated = false;
    };
    void reset();
    void countExactly(const QString &entity);
    void setCount(const QString &entity, qint64 rows, bool estimated);

    QPointer<Session> m_session;
    QSet<QString> m_dirty; // counted again when the timer fires: once per burst of changes
    QTimer *m_recount;
    QStringList m_entities;
    QHash<QString, Count> m_counts;
    quint64 m_generation = 0;
    int m_pending = 0;
};

} // namespace RexOrm::Admin
