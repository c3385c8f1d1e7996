#pragma once

#include <QtCore/QAbstractTableModel>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

namespace RexOrm::Admin {

// A read-only table of the schema view: each cell is a text (QString) or a flag (bool, shown as
// a check mark through Qt::CheckStateRole).
class SchemaTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit SchemaTableModel(const QStringList &headers, QObject *parent = nullptr);

    void setRows(QList<QVariantList> rows); // each row has one value per header
    void clear();
    QVariant value(int row, int column) const; // the text or flag itself

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QStringList m_headers;
    QList<QVariantList> m_rows;
};

} // namespace RexOrm::Admin
