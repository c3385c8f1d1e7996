#include "mainwindow.h"

#include <session/session.h>

namespace RexOrm::Admin {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_session(new Session(this)) {}

MainWindow::~MainWindow() = default;

void MainWindow::openDatabase(const QString &url, const QString &modelsPlugin)
{
    m_session->open(url, modelsPlugin);
}

void MainWindow::showConnectDialog() {}

} // namespace RexOrm::Admin
