#include "referencepicker.h"
#include <edit/valueconversion.h>

#include <session/async.h>
#include <session/session.h>

#include <QtCore/QJsonArray>
#include <QtCore/QTimer>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QVBoxLayout>

namespace RexOrm::Admin {

ReferencePicker::ReferencePicker(Session *session, const QString &entity, const QString &keyField,
                                 const QString &labelField, QWidget *parent)
    : QDialog(parent), m_session(session), m_entity(entity), m_keyField(keyField),
      m_labelField(labelField), m_search(new QLineEdit(this)), m_results(new QListWidget(this)),
      m_debounce(new QTimer(this))
{
    setWindowTitle(tr("Choose a %1").arg(entity));
    m_search->setPlaceholderText(tr("Search"));
    m_search->setClearButtonEnabled(true);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &ReferencePicker::runSearch);
    connect(m_results, &QListWidget::itemDoubleClicked, this, &ReferencePicker::accept);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReferencePicker::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReferencePicker::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_results);
    layout->addWidget(buttons);
    runSearch();
}

void ReferencePicker::runSearch()
{
    const auto names = m_session ? m_session->names(m_entity) : std::nullopt;
    if (!names)
        return;
    const quint64 generation = ++m_generation;
    const QString text = m_search->text().trimmed();
    QJsonObject variables;
    if (!text.isEmpty() && !m_labelField.isEmpty())
        variables.insert(QStringLiteral("where"),
                         QJsonObject{{m_labelField,
                                      QJsonObject{{QStringLiteral("ilike"), u'%' + text + u'%'}}}});
    const QString label = m_labelField.isEmpty() ? QString() : m_labelField;
    const QString query = QStringLiteral("query Pick($where: %1Where) { rows: %2(where: $where, "
                                         "limit: 100, orderBy: [{field: %3}]) { %4 %5 } }")
                              .arg(names->typeName, names->listField,
                                   label.isEmpty() ? m_keyField : label, m_keyField, label);
    whenFinished(
        m_session->request(query, variables), this,
        [this, generation](const QJsonObject &response) {
            if (generation != m_generation)
                return; // an older search
            m_results->clear();
            const QJsonArray rows = response.value(QStringLiteral("data"))
                                        .toObject()
                                        .value(QStringLiteral("rows"))
                                        .toArray();
            for (const QJsonValue &row : rows) {
                const QJsonValue key = row.toObject().value(m_keyField);
                const QString label = displayText(row.toObject().value(m_labelField));
                auto *item = new QListWidgetItem(
                    label.isEmpty() ? displayText(key)
                                    : QStringLiteral("%1 · %2").arg(displayText(key), label),
                    m_results);
                item->setData(Qt::UserRole, key.toVariant());
            }
            if (m_results->count() > 0)
                m_results->setCurrentRow(0);
        },
        [this](const QString &message) {
            m_results->clear();
            m_results->addItem(message);
        });
}

void ReferencePicker::accept()
{
    QListWidgetItem *item = m_results->currentItem();
    if (!item || !item->data(Qt::UserRole).isValid())
        return;
    m_value = QJsonValue::fromVariant(item->data(Qt::UserRole));
    QDialog::accept();
}

} // namespace RexOrm::Admin
