#pragma once

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtWidgets/QGraphicsView>

namespace RexOrm::Admin {

class Session;

// The entity-relationship diagram of the open session: one box per entity (its name and columns,
// key and foreign-key columns marked) and one arrow per foreign key, from the referencing entity
// to the referenced one (a dashed arrow for a belongsTo relation no foreign key declares, as
// compiled models have). Entities are laid out in layers ordered by references, referenced ones
// on top, without overlaps; boxes can be dragged. Ctrl+wheel zooms; double-clicking a box emits
// entityActivated(). Rebuilds when the session opens a database, clears when it closes.
class ErDiagram : public QGraphicsView
{
    Q_OBJECT
public:
    struct Edge
    {
        QString from;        // the referencing entity
        QString to;          // the referenced entity
        QString name;        // the foreign key's (or the relation's) name
        QStringList columns; // the referencing columns
        bool foreignKey = true;
    };

    explicit ErDiagram(Session *session, QWidget *parent = nullptr);
    ~ErDiagram() override;

    QStringList entities() const;                 // one per box, sorted
    QRectF entityRect(const QString &name) const; // the box in scene coordinates; null if none
    QList<Edge> edges() const;
    QString entityAt(const QPoint &viewportPos) const; // the box under a point, or empty
    qreal zoom() const;

public slots:
    void rebuild();
    void clear();
    void fitToView(); // and keeps fitting while the view resizes, until the user zooms
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void showEntity(const QString &name); // selects its box and scrolls to it

signals:
    void entityActivated(const QString &name);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    class Box;
    class Arrow;

    void zoomBy(qreal factor);
    void layOut();

    QPointer<Session> m_session;
    QGraphicsScene *m_scene = nullptr;
    QHash<QString, Box *> m_boxes;
    QList<Arrow *> m_arrows;
    bool m_autoFit = true;
};

} // namespace RexOrm::Admin
