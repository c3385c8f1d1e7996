#pragma once

#include <rexorm/migrations/migrator.h>

#include <QtCore/QAbstractTableModel>
#include <QtCore/QList>

namespace RexOrm::Admin {

// Every migration the Migrator knows of (its sources and its tracker table), one row each, in
// name order: its status, batch, when it was applied, how long it took, and notes.
class MigrationStatusModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StatusColumn,
        BatchColumn,
        AppliedAtColumn,
        DurationColumn,
        NotesColumn,
        ColumnCount
    };
    // What the panel shows: Migrator's status, with "changed" for an applied migration whose
    // source no longer matches its recorded checksum.
    enum class Status { Pending, Applied, Changed, Missing, Partial };
    Q_ENUM(Status)
    enum Role {
        StatusRole = Qt::UserRole + 1, // Status, as int
        NameRole,                      // the migration's name
    };

    explicit MigrationStatusModel(QObject *parent = nullptr);

    void setStates(const QList<RexOrm::MigrationState> &states);
    void clear();

    const QList<RexOrm::MigrationState> &states() const { return m_states; }
    const RexOrm::MigrationState &state(int row) const { return m_states.at(row); }
    int rowOf(const QString &name) const; // -1 when unknown
    int count(Status status) const;
    QString lastApplied() const { return lastApplied(m_states); }
    // The migration Migrator::downSteps(1) rolls back: the last applied, by batch then name (a
    // missing one included: it is still recorded as applied), or empty.
    static QString lastApplied(const QList<RexOrm::MigrationState> &states);

    static Status statusOf(const RexOrm::MigrationState &state);
    static QString statusText(Status status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString notes(const RexOrm::MigrationState &state) const;

    QList<RexOrm::MigrationState> m_states;
};

} // namespace RexOrm::Admin
