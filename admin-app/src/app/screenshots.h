#pragma once

#include <QtCore/QString>

#include <functional>

namespace RexOrm::Admin {

class MainWindow;

// Saves the screenshots of docs/admin.md into dir (browse.png, diagram.png, migrations.png,
// changes.png, sql.png), each once the view has read what it shows; then done(ok, message).
// QWidget::grab() paints without a screen, so this works under QT_QPA_PLATFORM=offscreen.
void saveScreenshots(MainWindow *window, const QString &dir,
                     const std::function<void(bool ok, const QString &message)> &done);

} // namespace RexOrm::Admin
