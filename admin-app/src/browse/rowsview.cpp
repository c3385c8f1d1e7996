#include "rowsview.h"
#include "filterheader.h"
#include "rowsmodel.h"

#include <QtGui/QClipboard>
#include <QtGui/QContextMenuEvent>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollBar>

namespace RexOrm::Admin {

RowsView::RowsView(Session *session, QWidget *parent)
    : QTableView(parent), m_model(new RowsModel(session, this)), m_header(new FilterHeader(this))
{
    setHorizontalHeader(m_header);
    setModel(m_model);
    setSortingEnabled(true);
    m_header->setSortIndicator(-1, Qt::AscendingOrder);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                    QAbstractItemView::AnyKeyPressed);
    setWordWrap(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // never measures every row
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    // Fitting a column to its contents asks for the rows it measures: one page, not the
    // thousand rows Qt measures by default (five pages, read only to be measured).
    m_header->setResizeContentsPrecision(RowsModel::pageSize);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    connect(m_header, &FilterHeader::filterEdited, this, [this](int column, const QString &text) {
        QString error;
        if (m_model->setColumnFilter(column, text, &error))
            m_header->setFilterError(column, {});
        else
            m_header->setFilterError(column, error);
    });
    connect(m_model, &RowsModel::entityChanged, this, [this] {
        m_header->clearFilters();
        m_header->setSortIndicator(-1, Qt::AscendingOrder);
        m_columnsFitted = false;
    });
    // Columns fit the first rows read, once per entity; the user's widths stay after that.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_columnsFitted && m_model->isLoaded(0))
            fitColumns();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RowsView::reportVisibleRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RowsView::reportVisibleRows);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { emit currentRowChanged(current.row()); });
    connect(this, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!(m_model->flags(index) & Qt::ItemIsEditable) &&
            index.data(RowsModel::ReferenceRole).isValid())
            openCurrentReference();
    });
}

void RowsView::showEntity(const QString &entity, const QJsonObject &baseWhere)
{
    m_model->setEntity(entity, baseWhere);
}

void RowsView::fitColumns()
{
    m_columnsFitted = true;
    const int widest = fontMetrics().horizontalAdvance(u'M') * 24;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        resizeColumnToContents(column);
        setColumnWidth(column, std::clamp(columnWidth(column), 60, widest));
    }
}

void RowsView::scrollContentsBy(int dx, int dy)
{
    QTableView::scrollContentsBy(dx, dy);
    if (dy != 0)
        reportVisibleRows();
    if (dx != 0)
        m_header->placeEditors(); // the filter boxes stay under their columns
}

void RowsView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    reportVisibleRows();
}

void RowsView::reportVisibleRows()
{
    const int first = std::max(0, rowAt(0));
    int last = rowAt(viewport()->height() - 1);
    if (last < 0)
        last = m_model->rowCount() - 1;
    m_model->setVisibleRows(first, std::max(first, last));
}

QList<int> RowsView::selectedRowNumbers() const
{
    // By selection ranges: Ctrl+A on a million rows is one range, not a million indexes.
    QSet<int> rows;
    for (const QItemSelectionRange &range : selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows.insert(row);
    }
    if (rows.isEmpty() && currentIndex().isValid())
        rows.insert(currentIndex().row());
    QList<int> sorted(rows.begin(), rows.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

int RowsView::currentRowNumber() const
{
    return currentIndex().isValid() ? currentIndex().row() : -1;
}

void RowsView::insertRow()
{
    const int row = m_model->insertRow();
    if (row < 0)
        return;
    const int column = std::max(0, currentIndex().column());
    scrollTo(m_model->index(row, column));
    setCurrentIndex(m_model->index(row, column));
}

void RowsView::duplicateCurrentRow()
{
    const int row = m_model->duplicateRow(currentRowNumber());
    if (row >= 0)
        setCurrentIndex(m_model->index(row, std::max(0, currentIndex().column())));
}

void RowsView::deleteSelectedRows(bool confirm)
{
    const QList<int> selected = selectedRowNumbers();
    // Only rows that have been read have a key to delete by.
    QList<int> rows;
    for (int row : selected) {
        if (m_model->isLoaded(row))
            rows << row;
    }
    if (rows.isEmpty())
        return;
    if (confirm && (rows.size() > 1 || rows.size() < selected.size())) {
        QMessageBox box(QMessageBox::Question, tr("Delete rows"),
                        tr("Mark %n row(s) for deletion? Nothing is deleted until you apply.",
                           nullptr, int(rows.size())),
                        QMessageBox::Yes | QMessageBox::No, this);
        if (rows.size() < selected.size())
            box.setInformativeText(tr("%n selected row(s) have not been read yet and are left "
                                      "as they are; filter the rows to delete many at once.",
                                      nullptr, int(selected.size() - rows.size())));
        if (box.exec() != QMessageBox::Yes)
            return;
    }
    m_model->deleteRows(rows);
}

void RowsView::setCurrentNull()
{
    if (currentIndex().isValid())
        m_model->setNull(currentIndex());
}

void RowsView::openCurrentReference()
{
    const QVariantMap reference = currentIndex().data(RowsModel::ReferenceRole).toMap();
    if (reference.isEmpty())
        return;
    emit referenceActivated(
        reference.value(QStringLiteral("entity")).toString(),
        QJsonObject::fromVariantMap(reference.value(QStringLiteral("where")).toMap()));
}

void RowsView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy) && currentIndex().isValid()) {
        QGuiApplication::clipboard()->setText(currentIndex().data(Qt::EditRole).toString());
        return;
    }
    QTableView::keyPressEvent(event);
}

void RowsView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    QMenu menu(this);
    const bool editable = index.isValid() && (m_model->flags(index) & Qt::ItemIsEditable);
    menu.addAction(tr("Insert row"), this, &RowsView::insertRow);
    QAction *duplicate = menu.addAction(tr("Duplicate row"), this, &RowsView::duplicateCurrentRow);
    duplicate->setEnabled(index.isValid());
    QAction *remove = menu.addAction(tr("Delete rows"), this, [this] { deleteSelectedRows(); });
    remove->setEnabled(index.isValid());
    menu.addSeparator();
    QAction *setNull = menu.addAction(tr("Set to NULL"), this, &RowsView::setCurrentNull);
    setNull->setEnabled(editable && m_model->columnInfo(index.column())->nullable);
    QAction *open =
        menu.addAction(tr("Open referenced row"), this, &RowsView::openCurrentReference);
    open->setEnabled(index.isValid() && index.data(RowsModel::ReferenceRole).isValid());
    menu.addAction(
            tr("Copy value"), this,
            [index] { QGuiApplication::clipboard()->setText(index.data(Qt::EditRole).toString()); })
        ->setEnabled(index.isValid());
    menu.exec(event->globalPos());
}

} // namespace RexOrm::Admin
