#include "screenshots.h"
#include "mainwindow.h"

#include <browse/rowsmodel.h>
#include <browse/rowsview.h>
#include <schema/erdiagram.h>
#include <session/session.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QTimer>
#include <QtWidgets/QTabWidget>

namespace RexOrm::Admin {

namespace {

struct Step
{
    QString file;
    std::function<void()> prepare;
    std::function<bool()> ready;
};

void run(MainWindow *window, QDir dir, QList<Step> steps, int index, QDeadlineTimer deadline,
         bool prepared, std::function<void(bool, const QString &)> done)
{
    if (index >= steps.size()) {
        done(true, {});
        return;
    }
    const Step &step = steps.at(index);
    if (!prepared) {
        if (step.prepare)
            step.prepare();
        deadline = QDeadlineTimer(30000);
    }
    if (!step.ready() && !deadline.hasExpired()) {
        QTimer::singleShot(100, window,
                           [=] { run(window, dir, steps, index, deadline, true, done); });
        return;
    }
    if (step.file.isEmpty()) { // a step that only waits
        run(window, dir, steps, index + 1, {}, false, done);
        return;
    }
    // One more moment for the views to paint what just arrived.
    QTimer::singleShot(300, window, [=] {
        const QString path = dir.filePath(step.file);
        if (!window->grab().save(path)) {
            done(false, QStringLiteral("Cannot write %1").arg(path));
            return;
        }
        run(window, dir, steps, index + 1, {}, false, done);
    });
}

} // namespace

void saveScreenshots(MainWindow *window, const QString &path,
                     const std::function<void(bool ok, const QString &message)> &done)
{
    QDir dir(path);
    if (!dir.mkpath(QStringLiteral("."))) {
        done(false, QStringLiteral("Cannot create %1").arg(path));
        return;
    }
    window->resize(1400, 860);
    window->applyDefaultLayout();
    RowsModel *rows = window->grid()->rows();
    const auto loaded = [window, rows] {
        return window->session()->isOpen() && !rows->entity().isEmpty() && !rows->isLoading();
    };
    QList<Step> steps;
    steps << Step{{}, {}, [window] { return window->session()->isOpen(); }};
    steps << Step{QStringLiteral("browse.png"),
                  [window] {
                      const QStringList entities = window->session()->entities();
                      if (entities.contains(QStringLiteral("Track")))
                          window->showEntity(QStringLiteral("Track"));
                  },
                  loaded};
    steps.last().file.clear(); // reading Track; then its first row goes into the form
    steps << Step{
        QStringLiteral("browse.png"),
        [window] { window->grid()->setCurrentIndex(window->grid()->rows()->index(0, 1)); }, loaded};
    steps << Step{
        QStringLiteral("diagram.png"),
        [window] {
            window->showDock(QStringLiteral("schema"));
            for (QWidget *w = window->diagram(); w; w = w->parentWidget()) {
                if (auto *tabs = qobject_cast<QTabWidget *>(
                        w->parentWidget() ? w->parentWidget()->parentWidget() : nullptr)) {
                    tabs->setCurrentWidget(w);
                    break;
                }
            }
        },
        loaded};
    steps << Step{QStringLiteral("migrations.png"),
                  [window] { window->showDock(QStringLiteral("migrations")); }, loaded};
    steps << Step{QStringLiteral("changes.png"),
                  [window] { window->showDock(QStringLiteral("changes")); }, loaded};
    steps << Step{QStringLiteral("sql.png"), [window] { window->showDock(QStringLiteral("sql")); },
                  loaded};
    run(window, dir, steps, 0, {}, false, done);
}

} // namespace RexOrm::Admin
