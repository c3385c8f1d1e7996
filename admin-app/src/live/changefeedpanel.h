#pragma once

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;

namespace RexOrm::Admin {

class ChangeLogModel;
class Session;

// The live change feed: every committed change of the open database as it happens, and whether
// other clients' changes reach this window (the change triggers), with a button to install them.
class ChangeFeedPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChangeFeedPanel(Session *session, QWidget *parent = nullptr);

    ChangeLogModel *log() const { return m_log; }
    void installTriggers(bool confirm = true);

signals:
    // A change was double-clicked: show the entity's row with this key.
    void rowActivated(const QString &entity, const QVariantMap &key);

private:
    void updateStatus();
    QPointer<Session> m_session;
    ChangeLogModel *m_log;
    QLabel *m_status;
    QPushButton *m_install;
    QCheckBox *m_pause;
    QTableView *m_view;
    bool m_installing = false;
};

} // namespace RexOrm::Admin
