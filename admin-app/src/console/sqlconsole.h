#pragma once

#include "sqlrunner.h"

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace RexOrm::Admin {

class Session;
class SqlResultModel;

// Runs SQL typed by the user on the session's database: an editor (Ctrl+Enter runs, Escape
// cancels, Ctrl+Up/Down recall earlier statements), Run and Cancel, the rows in a grid and a
// status line. Enabled while the session is open.
class SqlConsole : public QWidget
{
    Q_OBJECT
public:
    explicit SqlConsole(Session *session, QWidget *parent = nullptr);
    ~SqlConsole() override;

    QPlainTextEdit *editor() const { return m_editor; }
    QPushButton *runButton() const { return m_runButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QComboBox *historyBox() const { return m_historyBox; }
    QTableView *resultView() const { return m_resultView; }
    SqlResultModel *resultModel() const { return m_model; }
    QLabel *statusLabel() const { return m_status; }
    SqlRunner *runner() const { return m_runner; }

    QString statusText() const;
    bool statusIsError() const { return m_statusIsError; }
    QStringList history() const { return m_history; } // newest first

public slots:
    bool run(); // the editor's text; false when it cannot start
    void cancel();
    void recallPrevious(); // an older statement from the history
    void recallNext();     // a newer one, and finally the text being written

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void sessionOpened();
    void sessionClosed();
    void updateActions();
    void setStatus(const QString &text, bool error = false);
    void showHistory(const QStringList &history);
    void recall(int index);
    void showResult(const SqlResult &result);

    QPointer<Session> m_session;
    SqlRunner *m_runner = nullptr;
    SqlResultModel *m_model = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QComboBox *m_historyBox = nullptr;
    QTableView *m_resultView = nullptr;
    QLabel *m_status = nullptr;
    bool m_statusIsError = false;
    QStringList m_history;
    int m_historyIndex = -1; // the entry shown in the editor, -1: the user's own text
    QString m_draft;         // the user's own text while an entry is shown
};

} // namespace RexOrm::Admin
