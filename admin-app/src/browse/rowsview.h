#pragma once

#include <QtCore/QJsonObject>
#include <QtWidgets/QTableView>

namespace RexOrm::Admin {

class FilterHeader;
class RowsModel;
class Session;

// The grid of one entity: a RowsModel told which rows are in view as the user scrolls, a filter
// box under each column title, sorting by clicking a title, and the row actions (insert,
// duplicate, delete, set NULL, open the referenced row).
class RowsView : public QTableView
{
    Q_OBJECT
public:
    explicit RowsView(Session *session, QWidget *parent = nullptr);

    RowsModel *rows() const { return m_model; }
    FilterHeader *filterHeader() const { return m_header; }
    void showEntity(const QString &entity, const QJsonObject &baseWhere = {});

    QList<int> selectedRowNumbers() const;
    int currentRowNumber() const;
    void insertRow();
    void duplicateCurrentRow();
    // Marks the selected rows for deletion; more than one asks first (unless confirm is false).
    void deleteSelectedRows(bool confirm = true);
    void setCurrentNull();
    void openCurrentReference();

signals:
    // A foreign-key cell was opened: show entity's rows matching where.
    void referenceActivated(const QString &entity, const QJsonObject &where);
    void currentRowChanged(int row);

protected:
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void reportVisibleRows();
    void fitColumns();
    RowsModel *m_model;
    FilterHeader *m_header;
    bool m_columnsFitted = false;
};

} // namespace RexOrm::Admin
