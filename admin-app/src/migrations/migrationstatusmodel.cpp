#include "migrationstatusmodel.h"

#include <QtCore/QFileInfo>

#include <algorithm>

namespace RexOrm::Admin {

MigrationStatusModel::MigrationStatusModel(QObject *parent) : QAbstractTableModel(parent) {}

void MigrationStatusModel::setStates(const QList<MigrationState> &states)
{
    const bool sameRows = std::equal(
        states.begin(), states.end(), m_states.begin(), m_states.end(),
        [](const MigrationState &a, const MigrationState &b) { return a.name == b.name; });
    if (sameRows) {
        // The same migrations: keep the view's selection and only repaint what changed.
        m_states = states;
        if (!m_states.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_states.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_states = states;
    endResetModel();
}

void MigrationStatusModel::clear()
{
    setStates({});
}

int MigrationStatusModel::rowOf(const QString &name) const
{
    for (qsizetype row = 0; row < m_states.size(); ++row) {
        if (m_states[row].name == name)
            return int(row);
    }
    return -1;
}

int MigrationStatusModel::count(Status status) const
{
    return int(std::count_if(m_states.begin(), m_states.end(),
                             [status](const auto &state) { return statusOf(state) == status; }));
}

QString MigrationStatusModel::lastApplied(const QList<MigrationState> &states)
{
    const MigrationState *last = nullptr;
    for (const MigrationState &state : states) {
        if (state.status != MigrationState::Applied && state.status != MigrationState::Missing)
            continue;
        if (!last || state.batch > last->batch ||
            (state.batch == last->batch && state.name > last->name))
            last = &state;
    }
    return last ? last->name : QString();
}

MigrationStatusModel::Status MigrationStatusModel::statusOf(const MigrationState &state)
{
    switch (state.status) {
    case MigrationState::Pending:
        return Status::Pending;
    case MigrationState::Applied:
        return state.changed ? Status::Changed : Status::Applied;
    case MigrationState::Partial:
        return Status::Partial;
    case MigrationState::Missing:
        return Status::Missing;
    }
    return Status::Pending;
}

QString MigrationStatusModel::statusText(Status status)
{
    switch (status) {
    case Status::Pending:
        return tr("pending");
    case Status::Applied:
        return tr("applied");
    case Status::Changed:
        return tr("changed");
    case Status::Missing:
        return tr("missing");
    case Status::Partial:
        return tr("partial");
    }
    return {};
}

QString MigrationStatusModel::notes(const MigrationState &state) const
{
    switch (statusOf(state)) {
    case Status::Changed:
        return tr("Its file changed after it was applied: %1").arg(state.source);
    case Status::Missing:
        return tr("Applied, but its file is gone.");
    case Status::Partial:
        return tr("Half-applied: %n statement(s) ran, then: %1", nullptr, state.statementsRun)
            .arg(state.error);
    case Status::Pending:
    case Status::Applied:
        break;
    }
    return QFileInfo(state.source).fileName(); // "C++" for a compiled migration
}

int MigrationStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_states.size());
}

int MigrationStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MigrationStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MigrationState &state = m_states.at(index.row());
    const Status status = statusOf(state);
    switch (role) {
    case StatusRole:
        return int(status);
    case NameRole:
        return state.name;
    case Qt::ToolTipRole:
        if (index.column() == NotesColumn || index.column() == StatusColumn) {
            const QString text = notes(state);
            return text == QFileInfo(state.source).fileName() ? state.source : text;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == BatchColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool recorded = state.status != MigrationState::Pending;
    switch (index.column()) {
    case NameColumn:
        return state.name;
    case StatusColumn:
        return statusText(status);
    case BatchColumn:
        return recorded ? QVariant(state.batch) : QVariant();
    case AppliedAtColumn:
        // UTC, as recorded: no per-value trip through the local time zone.
        return recorded && state.appliedAt.isValid()
                   ? state.appliedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                   : QVariant();
    case DurationColumn:
        return recorded ? tr("%1 ms").arg(state.durationMs) : QVariant();
    case NotesColumn:
        return notes(state);
    }
    return {};
}

QVariant MigrationStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Migration");
    case StatusColumn:
        return tr("Status");
    case BatchColumn:
        return tr("Batch");
    case AppliedAtColumn:
        return tr("Applied at");
    case DurationColumn:
        return tr("Duration");
    case NotesColumn:
        return tr("Details");
    }
    return {};
}

} // namespace RexOrm::Admin
