#pragma once

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace RexOrm::Admin {

class Session;

// Sends GraphQL requests to the session's generated API: a query editor, a variables editor
// (a JSON object), Run (Ctrl+Enter) and the pretty-printed response; the schema's SDL can be
// shown in a tab of its own. Enabled while the session is open.
class GraphQLConsole : public QWidget
{
    Q_OBJECT
public:
    explicit GraphQLConsole(Session *session, QWidget *parent = nullptr);
    ~GraphQLConsole() override;

    QPlainTextEdit *queryEditor() const { return m_query; }
    QPlainTextEdit *variablesEditor() const { return m_variables; }
    QPlainTextEdit *responseView() const { return m_response; }
    QPlainTextEdit *schemaView() const { return m_schema; }
    QTabWidget *resultTabs() const { return m_tabs; }
    QPushButton *runButton() const { return m_runButton; }
    QPushButton *schemaButton() const { return m_schemaButton; }
    QLabel *statusLabel() const { return m_status; }

    QString statusText() const;
    bool statusIsError() const { return m_statusIsError; }
    bool isRunning() const { return m_running; }
    QJsonObject lastResponse() const { return m_lastResponse; }

    // The variables editor's text as a JSON object; nullopt with *error set when malformed.
    static std::optional<QJsonObject> parseVariables(const QString &text, QString *error);

public slots:
    bool run(); // false when nothing was sent (no session, empty query, malformed variables)
    void showSchema();

signals:
    void responseReceived(const QJsonObject &response);
    void requestFailed(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void sessionOpened();
    void sessionClosed();
    void setStatus(const QString &text, bool error = false);
    void showResponse(const QJsonObject &response);

    QPointer<Session> m_session;
    QPlainTextEdit *m_query = nullptr;
    QPlainTextEdit *m_variables = nullptr;
    QPlainTextEdit *m_response = nullptr;
    QPlainTextEdit *m_schema = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_schemaButton = nullptr;
    QLabel *m_status = nullptr;
    bool m_statusIsError = false;
    bool m_running = false;
    quint64 m_generation = 0; // responses to older requests are dropped
    QElapsedTimer m_clock;
    QJsonObject m_lastResponse;
};

} // namespace RexOrm::Admin
