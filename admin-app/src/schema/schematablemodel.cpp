#include "schematablemodel.h"

namespace RexOrm::Admin {

SchemaTableModel::SchemaTableModel(const QStringList &headers, QObject *parent)
    : QAbstractTableModel(parent), m_headers(headers)
{}

void SchemaTableModel::setRows(QList<QVariantList> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    for (QVariantList &row : m_rows)
        row.resize(m_headers.size());
    endResetModel();
}

void SchemaTableModel::clear()
{
    setRows({});
}

QVariant SchemaTableModel::value(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_headers.size())
        return {};
    return m_rows.at(row).at(column);
}

int SchemaTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SchemaTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant SchemaTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || !hasIndex(index.row(), index.column()))
        return {};
    const QVariant &cell = m_rows.at(index.row()).at(index.column());
    const bool flag = cell.typeId() == QMetaType::Bool;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return flag ? QVariant() : cell;
    case Qt::CheckStateRole:
        return flag ? QVariant(cell.toBool() ? Qt::Checked : Qt::Unchecked) : QVariant();
    case Qt::TextAlignmentRole:
        return flag ? QVariant(Qt::AlignCenter) : QVariant();
    default:
        return {};
    }
}

QVariant SchemaTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= m_headers.size())
        return {};
    return m_headers.at(section);
}

Qt::ItemFlags SchemaTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || !hasIndex(index.row(), index.column()))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace RexOrm::Admin
