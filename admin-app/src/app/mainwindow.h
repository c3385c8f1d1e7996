#pragma once

#include <QtWidgets/QMainWindow>

namespace RexOrm::Admin {

class Session;

// The admin window: entities on the left, the open entity's rows (with its form and related
// rows) in the middle, and docks for changes, migrations, schema and the consoles.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    void openDatabase(const QString &url, const QString &modelsPlugin = {});
    void showConnectDialog();

private:
    Session *m_session = nullptr;
};

} // namespace RexOrm::Admin
