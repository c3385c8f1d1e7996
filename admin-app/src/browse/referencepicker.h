#pragma once

#include <QtCore/QJsonValue>
#include <QtCore/QPointer>
#include <QtWidgets/QDialog>

class QLineEdit;
class QListWidget;
class QTimer;

namespace RexOrm::Admin {

class Session;

// Picks a row of a referenced entity: type to search its label (ignoring case, in SQL), choose
// one; value() is the chosen row's key.
class ReferencePicker : public QDialog
{
    Q_OBJECT
public:
    ReferencePicker(Session *session, const QString &entity, const QString &keyField,
                    const QString &labelField, QWidget *parent = nullptr);

    QJsonValue value() const { return m_value; }
    QListWidget *results() const { return m_results; }
    QLineEdit *search() const { return m_search; }
    void accept() override;

private:
    void runSearch();
    QPointer<Session> m_session;
    QString m_entity;
    QString m_keyField;
    QString m_labelField;
    QLineEdit *m_search;
    QListWidget *m_results;
    QTimer *m_debounce;
    quint64 m_generation = 0;
    QJsonValue m_value;
};

} // namespace RexOrm::Admin
