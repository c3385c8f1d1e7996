#include "filterheader.h"

#include <QtWidgets/QLineEdit>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>

namespace RexOrm::Admin {

FilterHeader::FilterHeader(QWidget *parent) : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(true);
    setSortIndicatorShown(true);
    setHighlightSections(true);
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(this, &QHeaderView::sectionResized, this, &FilterHeader::placeEditors);
    connect(this, &QHeaderView::sectionMoved, this, &FilterHeader::placeEditors);
    connect(this, &QHeaderView::geometriesChanged, this, &FilterHeader::placeEditors);
}

void FilterHeader::rebuildEditors()
{
    const int columns = model() ? model()->columnCount() : 0;
    while (m_editors.size() > columns)
        delete m_editors.takeLast();
    while (m_editors.size() < columns) {
        const int column = int(m_editors.size());
        auto *editor = new QLineEdit(this);
        editor->setPlaceholderText(tr("Filter"));
        editor->setClearButtonEnabled(true);
        editor->setToolTip(tr("Text matches anywhere (ignoring case); a number or date matches "
                              "exactly; or a GraphQL filter such as  gt: 100  or  ilike: \"a%\"  "
                              "or  isNull: true"));
        connect(editor, &QLineEdit::editingFinished, this,
                [this, editor, column] { emit filterEdited(column, editor->text()); });
        connect(editor, &QLineEdit::textChanged, this, [this, editor, column](const QString &text) {
            if (text.isEmpty())
                emit filterEdited(column, text); // the clear button
            editor->setStyleSheet({});
        });
        editor->show();
        m_editors.append(editor);
    }
}

void FilterHeader::setFilterText(int column, const QString &text)
{
    if (QLineEdit *editor = m_editors.value(column); editor && editor->text() != text)
        editor->setText(text);
}

void FilterHeader::setFilterError(int column, const QString &error)
{
    QLineEdit *editor = m_editors.value(column);
    if (!editor)
        return;
    editor->setStyleSheet(error.isEmpty() ? QString()
                                          : QStringLiteral("QLineEdit { color: #d32f2f; }"));
    editor->setToolTip(error.isEmpty() ? tr("Filter") : error);
}

void FilterHeader::clearFilters()
{
    for (QLineEdit *editor : std::as_const(m_editors)) {
        const QSignalBlocker block(editor);
        editor->clear();
        editor->setStyleSheet({});
    }
}

QSize FilterHeader::sizeHint() const
{
    QSize size = QHeaderView::sizeHint();
    if (!m_editors.isEmpty())
        size.setHeight(size.height() + m_editors.first()->sizeHint().height() + 2);
    return size;
}

void FilterHeader::updateGeometries()
{
    rebuildEditors();
    const int editorHeight = m_editors.isEmpty() ? 0 : m_editors.first()->sizeHint().height() + 2;
    setViewportMargins(0, 0, 0, editorHeight);
    QHeaderView::updateGeometries();
    placeEditors();
}

void FilterHeader::placeEditors()
{
    if (m_editors.isEmpty())
        return;
    const int editorHeight = m_editors.first()->sizeHint().height();
    const int top = viewport()->height() + 1;
    for (int column = 0; column < m_editors.size(); ++column) {
        QLineEdit *editor = m_editors.at(column);
        if (isSectionHidden(column)) {
            editor->hide();
            continue;
        }
        editor->setGeometry(sectionViewportPosition(column), top, sectionSize(column) - 1,
                            editorHeight);
        editor->show();
    }
}

} // namespace RexOrm::Admin
