#pragma once

#include <QtWidgets/QHeaderView>

class QLineEdit;

namespace RexOrm::Admin {

// A horizontal header with a filter box under each column title. Editing a box and pressing
// Enter (or leaving it) emits filterEdited(column, text).
class FilterHeader : public QHeaderView
{
    Q_OBJECT
public:
    explicit FilterHeader(QWidget *parent = nullptr);

    QLineEdit *editor(int column) const { return m_editors.value(column); }
    void setFilterText(int column, const QString &text);
    void setFilterError(int column, const QString &error); // empty clears it
    void clearFilters();

    QSize sizeHint() const override;
    void placeEditors(); // under their sections, after a resize or a horizontal scroll

signals:
    void filterEdited(int column, const QString &text);

protected:
    void updateGeometries() override;

private:
    void rebuildEditors();
    QList<QLineEdit *> m_editors;
};

} // namespace RexOrm::Admin
