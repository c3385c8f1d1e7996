#pragma once

#include <QtCore/QAbstractTableModel>
#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

namespace RexOrm::Admin {

// The rows one console statement returned, read-only. Display shows NULL for null values and a
// short form of long text and binary data; EditRole gives the value itself.
class SqlResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit SqlResultModel(QObject *parent = nullptr);

    void setResult(const QStringList &columns, const QList<QVariantList> &rows);
    void clear();
    QStringList columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    QList<QVariantList> m_rows;
};

} // namespace RexOrm::Admin
