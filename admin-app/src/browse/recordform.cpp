#include "recordform.h"
#include "referencepicker.h"
#include "rowsmodel.h"

#include <edit/valueconversion.h>
#include <session/rowqueries.h>
#include <session/session.h>

#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

RecordForm::RecordForm(Session *session, RowsModel *rows, QWidget *parent)
    : QWidget(parent), m_session(session), m_rows(rows), m_layout(new QFormLayout(this))
{
    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    connect(rows, &RowsModel::entityChanged, this, &RecordForm::rebuild);
    // A reset (reload after Apply, a reopened database) keeps the record: it is found again by
    // its key once its page is read. Another entity starts afresh (rebuild()).
    connect(rows, &QAbstractItemModel::modelReset, this, [this] {
        m_row = -1;
        load();
    });
    connect(rows, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                if (m_row < 0 || (m_row >= from.row() && m_row <= to.row()) || !m_key.isEmpty())
                    load();
            });
    connect(rows, &QAbstractItemModel::rowsRemoved, this, &RecordForm::load);
    connect(rows, &QAbstractItemModel::rowsInserted, this, &RecordForm::load);
    rebuild();
}

void RecordForm::rebuild()
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_fields.clear();
    for (int column = 0; column < m_rows->columnCount(); ++column) {
        const ColumnInfo *info = m_rows->columnInfo(column);
        Field field;
        field.column = info->name;
        field.editor = new QLineEdit(this);
        field.editor->setObjectName(info->name);
        field.message = new QLabel(this);
        field.message->setStyleSheet(QStringLiteral("color: #d32f2f;"));
        field.message->setWordWrap(true);
        field.message->hide();
        auto *cell = new QWidget(this);
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        auto *editorRow = new QHBoxLayout;
        editorRow->addWidget(field.editor);
        const int index = int(m_fields.size());
        const EntityInfo *entity = m_rows->entityInfo();
        for (const ForeignKeyInfo &fk : entity->foreignKeys) {
            if (fk.columns == QStringList{info->name}) {
                auto *pick = new QToolButton(this);
                pick->setText(QStringLiteral("…"));
                pick->setToolTip(tr("Choose the referenced row"));
                connect(pick, &QToolButton::clicked, this, [this, index] { pickReference(index); });
                editorRow->addWidget(pick);
            }
        }
        cellLayout->addLayout(editorRow);
        cellLayout->addWidget(field.message);
        connect(field.editor, &QLineEdit::editingFinished, this, [this, index] { commit(index); });
        QString label = info->name;
        if (!info->nullable && !info->autoIncrement)
            label += u'*';
        m_layout->addRow(label + u':', cell);
        m_fields.append(field);
    }
    setRow(-1);
}

void RecordForm::setRow(int row)
{
    m_row = row;
    m_key = m_rows->keyAt(row);
    m_insertId = m_rows->insertIdAt(row);
    load();
}

void RecordForm::follow()
{
    if (m_insertId > 0) {
        m_row = m_rows->rowOfInsert(m_insertId);
    } else if (!m_key.isEmpty()) {
        m_row = m_rows->rowOfKey(m_key); // -1 when the record is gone
    } else if (m_row >= 0 && m_rows->isLoaded(m_row)) {
        m_key = m_rows->keyAt(m_row); // its page arrived
        m_insertId = m_rows->insertIdAt(m_row);
    }
}

void RecordForm::load()
{
    follow();
    const bool valid = m_row >= 0 && m_row < m_rows->rowCount() && m_rows->isLoaded(m_row);
    for (int column = 0; column < m_fields.size(); ++column) {
        Field &field = m_fields[column];
        const QModelIndex index = m_rows->index(m_row, column);
        const QSignalBlocker block(field.editor);
        field.editor->setEnabled(valid && (m_rows->flags(index) & Qt::ItemIsEditable));
        const QString text = valid ? index.data(Qt::EditRole).toString() : QString();
        if (!field.editor->hasFocus() || !valid)
            field.editor->setText(text);
        field.editor->setPlaceholderText(
            valid && index.data(RowsModel::NullRole).toBool() ? QStringLiteral("NULL") : QString());
        const QString message = valid ? index.data(Qt::ToolTipRole).toString() : QString();
        field.message->setText(message);
        field.message->setVisible(!message.isEmpty());
    }
}

void RecordForm::commit(int fieldIndex)
{
    follow();
    if (m_row < 0 || fieldIndex >= m_fields.size())
        return;
    const QModelIndex index = m_rows->index(m_row, fieldIndex);
    const QString text = m_fields.at(fieldIndex).editor->text();
    if (text == index.data(Qt::EditRole).toString())
        return;
    m_rows->setData(index, text, Qt::EditRole);
    load();
}

void RecordForm::pickReference(int fieldIndex)
{
    const EntityInfo *entity = m_rows->entityInfo();
    const Registry *registry = m_session ? m_session->registry() : nullptr;
    if (!entity || !registry || m_row < 0)
        return;
    const QString column = m_fields.at(fieldIndex).column;
    for (const ForeignKeyInfo &fk : entity->foreignKeys) {
        if (fk.columns != QStringList{column})
            continue;
        const EntityInfo *target = registry->findByTable(fk.referencedTable);
        const auto names = target ? m_session->names(target->name) : std::nullopt;
        if (!names)
            return;
        const QString label = labelField(*target, *names);
        ReferencePicker picker(m_session, target->name,
                               names->fieldOf(fk.referencedColumns.value(0)), label, this);
        if (picker.exec() == QDialog::Accepted)
            m_rows->setData(m_rows->index(m_row, fieldIndex), displayText(picker.value()),
                            Qt::EditRole);
        load();
        return;
    }
}

QLineEdit *RecordForm::editor(const QString &column) const
{
    for (const Field &field : m_fields) {
        if (field.column == column)
            return field.editor;
    }
    return nullptr;
}

QString RecordForm::message(const QString &column) const
{
    for (const Field &field : m_fields) {
        if (field.column == column)
            return field.message->text();
    }
    return {};
}

} // namespace RexOrm::Admin
