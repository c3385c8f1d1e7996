#pragma once

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace RexOrm::Admin {

class RowsModel;
class Session;

// The current row of a grid as a form: one editor per column with the shared validation rules'
// messages under it, and for a foreign key a picker that searches the referenced rows. Edits go
// through the grid's model, so they are buffered, undoable and applied with the grid's.
class RecordForm : public QWidget
{
    Q_OBJECT
public:
    RecordForm(Session *session, RowsModel *rows, QWidget *parent = nullptr);

    void setRow(int row);
    int row() const { return m_row; }
    QLineEdit *editor(const QString &column) const;
    QString message(const QString &column) const; // the validation message shown under it

private:
    struct Field
    {
        QString column;
        QLineEdit *editor = nullptr;
        QLabel *message = nullptr;
    };
    void rebuild();
    void load();
    void follow(); // m_row for the record, after rows moved
    void commit(int fieldIndex);
    void pickReference(int fieldIndex);

    QPointer<Session> m_session;
    RowsModel *m_rows;
    QFormLayout *m_layout;
    QList<Field> m_fields;
    int m_row = -1;
    // The record shown, not its row number: rows move when others insert or delete.
    QString m_key;
    int m_insertId = 0;
};

} // namespace RexOrm::Admin
