#include "erdiagram.h"
#include "schemaview.h"

#include <session/session.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QSet>
#include <QtGui/QFontMetricsF>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QGraphicsItem>
#include <QtWidgets/QGraphicsScene>
#include <QtWidgets/QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>
#include <functional>

namespace RexOrm::Admin {

namespace {

constexpr qreal padding = 8;
constexpr qreal columnGap = 12;
constexpr qreal maxBoxWidth = 360;
constexpr qreal horizontalGap = 60;
constexpr qreal verticalGap = 80;
constexpr qreal minZoom = 0.05;
constexpr qreal maxZoom = 4;

// The point where the ray from rect's centre towards target leaves rect.
QPointF borderPoint(const QRectF &rect, const QPointF &from, const QPointF &target)
{
    const QPointF d = target - from;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return from;
    const qreal tx = qFuzzyIsNull(d.x()) ? qInf() : (rect.width() / 2) / std::abs(d.x());
    const qreal ty = qFuzzyIsNull(d.y()) ? qInf() : (rect.height() / 2) / std::abs(d.y());
    return from + d * std::min({tx, ty, qreal(1)});
}

// The marks of key columns in the boxes.
QString primaryKeyMark()
{
    return QCoreApplication::translate("RexOrm::Admin::ErDiagram", "PK", "primary key column");
}

QString foreignKeyMark()
{
    return QCoreApplication::translate("RexOrm::Admin::ErDiagram", "FK", "foreign key column");
}

} // namespace

class ErDiagram::Box : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };
    struct Line
    {
        QString marker; // "PK", "FK", "PK FK"
        bool key = false;
        QString name;
        QString type;
        bool hidden = false;
    };

    Box(const EntityInfo &entity, const QFont &font, const QPalette &palette)
        : m_name(entity.name), m_font(font), m_bold(font), m_palette(palette)
    {
        m_bold.setBold(true);
        QSet<QString> foreignKeyColumns;
        for (const ForeignKeyInfo &fk : entity.foreignKeys) {
            for (const QString &c : fk.columns)
                foreignKeyColumns.insert(c);
        }
        for (const RelationInfo &r : entity.relations) {
            if (r.kind == RelationInfo::BelongsTo)
                foreignKeyColumns.insert(r.foreignKey);
        }
        const QString primaryMark = primaryKeyMark();
        const QString foreignMark = foreignKeyMark();
        for (const ColumnInfo &c : entity.columns) {
            QStringList marks;
            const bool key = c.primaryKey || entity.primaryKey.contains(c.name);
            if (key)
                marks << primaryMark;
            if (foreignKeyColumns.contains(c.name))
                marks << foreignMark;
            m_lines.push_back({marks.join(u' '), key, c.name, SchemaView::typeText(c), c.hidden});
        }
        m_title = entity.name;
        if (entity.table != entity.name)
            m_subtitle = entity.qualifiedTable();

        const QFontMetricsF fm(m_font);
        const QFontMetricsF bold(m_bold);
        m_lineHeight = fm.height() + 2;
        m_titleHeight = bold.height() + padding;
        m_markerWidth = bold.horizontalAdvance(primaryMark + u' ' + foreignMark) + 1;
        qreal nameWidth = 0;
        qreal typeWidth = 0;
        for (const Line &line : m_lines) {
            nameWidth =
                std::max(nameWidth, QFontMetricsF(lineFont(line)).horizontalAdvance(line.name) + 1);
            typeWidth = std::max(typeWidth, fm.horizontalAdvance(line.type) + 1);
        }
        qreal width = m_markerWidth + columnGap + nameWidth + columnGap + typeWidth;
        width = std::max(width, bold.horizontalAdvance(m_title));
        if (!m_subtitle.isEmpty())
            width = std::max(width, fm.horizontalAdvance(m_subtitle));
        width = std::min(width + 2 * padding, maxBoxWidth);
        m_nameWidth = std::min(nameWidth, width - 2 * padding - m_markerWidth - 2 * columnGap);
        const qreal height = m_titleHeight + (m_subtitle.isEmpty() ? 0 : m_lineHeight) +
                             m_lines.size() * m_lineHeight + padding;
        m_rect = QRectF(0, 0, std::ceil(width), std::ceil(height));

        setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
        setZValue(1);
        setToolTip(entity.qualifiedTable());
    }

    int type() const override { return Type; }
    QString name() const { return m_name; }
    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 1); }
    QRectF sceneBox() const { return m_rect.translated(pos()); }
    void addArrow(Arrow *arrow) { m_arrows << arrow; }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    // Key columns in bold, hidden ones in italics.
    QFont lineFont(const Line &line) const
    {
        QFont font = m_font;
        font.setItalic(line.hidden);
        font.setBold(line.key);
        return font;
    }

    QString m_name;
    QString m_title;
    QString m_subtitle;
    QList<Line> m_lines;
    QFont m_font;
    QFont m_bold;
    QPalette m_palette;
    QRectF m_rect;
    qreal m_lineHeight = 0;
    qreal m_titleHeight = 0;
    qreal m_markerWidth = 0;
    qreal m_nameWidth = 0;
    QList<Arrow *> m_arrows;
};

class ErDiagram::Arrow : public QGraphicsItem
{
public:
    Arrow(Box *from, Box *to, const Edge &edge, const QPalette &palette)
        : m_from(from), m_to(to), m_edge(edge), m_color(palette.color(QPalette::Text))
    {
        m_color.setAlphaF(0.6f);
        setZValue(-1);
        setToolTip(QStringLiteral("%1 → %2 (%3)")
                       .arg(edge.columns.join(QStringLiteral(", ")), edge.to, edge.name));
        from->addArrow(this);
        if (to != from)
            to->addArrow(this);
    }

    const Edge &edge() const { return m_edge; }
    Box *from() const { return m_from; }
    Box *to() const { return m_to; }
    void setParallel(int index, int count)
    {
        m_offset = (index - (count - 1) / 2.0) * 12;
        adjust();
    }

    void adjust()
    {
        prepareGeometryChange();
        const QRectF a = m_from->sceneBox();
        const QRectF b = m_to->sceneBox();
        QPainterPath line;
        QPointF tip;
        QPointF direction;
        if (m_from == m_to) {
            // A loop on the right side of the box.
            const QPointF start(a.right(), a.top() + a.height() * 0.3 + m_offset);
            const QPointF end(a.right(), a.top() + a.height() * 0.55 + m_offset);
            line.moveTo(start);
            line.cubicTo(start + QPointF(50, 0), end + QPointF(50, 0), end);
            tip = end;
            direction = QPointF(-1, 0);
        } else {
            const QPointF delta = b.center() - a.center();
            const qreal length = std::hypot(delta.x(), delta.y());
            const QPointF normal =
                length > 0 ? QPointF(-delta.y() / length, delta.x() / length) : QPointF();
            const QPointF ca = a.center() + normal * m_offset;
            const QPointF cb = b.center() + normal * m_offset;
            const QPointF start = borderPoint(a, ca, cb);
            tip = borderPoint(b, cb, ca);
            line.moveTo(start);
            line.lineTo(tip);
            direction = length > 0 ? delta / length : QPointF(0, -1);
        }
        const QPointF side(-direction.y(), direction.x());
        m_head = QPolygonF{tip, tip - direction * 11 + side * 5, tip - direction * 11 - side * 5};
        m_line = line;
        update();
    }

    QRectF boundingRect() const override
    {
        return m_line.boundingRect().united(m_head.boundingRect()).adjusted(-4, -4, 4, 4);
    }
    QPainterPath shape() const override
    {
        QPainterPathStroker stroker;
        stroker.setWidth(8);
        QPainterPath path = stroker.createStroke(m_line);
        path.addPolygon(m_head);
        return path;
    }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        QPen pen(m_color, 1.4);
        if (!m_edge.foreignKey)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_line);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_color);
        painter->drawPolygon(m_head);
    }

private:
    Box *m_from;
    Box *m_to;
    Edge m_edge;
    QColor m_color;
    qreal m_offset = 0;
    QPainterPath m_line;
    QPolygonF m_head;
};

void ErDiagram::Box::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    const QColor border =
        selected ? m_palette.color(QPalette::Highlight) : m_palette.color(QPalette::Mid);
    painter->setPen(QPen(border, selected ? 2 : 1));
    painter->setBrush(m_palette.color(QPalette::Base));
    painter->drawRoundedRect(m_rect, 4, 4);

    // The title band.
    QPainterPath band;
    band.addRoundedRect(m_rect, 4, 4);
    QPainterPath titleArea;
    titleArea.addRect(QRectF(m_rect.left(), m_rect.top(), m_rect.width(), m_titleHeight));
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_palette.color(QPalette::Button));
    painter->drawPath(band.intersected(titleArea));
    painter->setPen(QPen(border, selected ? 2 : 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(m_rect, 4, 4);

    const qreal textWidth = m_rect.width() - 2 * padding;
    painter->setFont(m_bold);
    painter->setPen(m_palette.color(QPalette::ButtonText));
    painter->drawText(QRectF(padding, 0, textWidth, m_titleHeight),
                      Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetricsF(m_bold).elidedText(m_title, Qt::ElideRight, textWidth));

    painter->setFont(m_font);
    const QFontMetricsF fm(m_font);
    qreal y = m_titleHeight + padding / 2;
    QColor dim = m_palette.color(QPalette::Text);
    dim.setAlphaF(0.55f);
    if (!m_subtitle.isEmpty()) {
        painter->setPen(dim);
        painter->drawText(QRectF(padding, y, textWidth, m_lineHeight), Qt::AlignVCenter,
                          fm.elidedText(m_subtitle, Qt::ElideRight, textWidth));
        y += m_lineHeight;
    }
    const qreal nameX = padding + m_markerWidth + columnGap;
    const qreal typeX = nameX + m_nameWidth + columnGap;
    const qreal typeWidth = std::max(m_rect.width() - padding - typeX, qreal(0));
    for (const Line &line : m_lines) {
        const QFont font = lineFont(line);
        painter->setFont(font);
        painter->setPen(m_palette.color(QPalette::Highlight));
        painter->drawText(QRectF(padding, y, m_markerWidth, m_lineHeight), Qt::AlignVCenter,
                          line.marker);
        painter->setPen(line.hidden ? dim : m_palette.color(QPalette::Text));
        painter->drawText(QRectF(nameX, y, m_nameWidth, m_lineHeight), Qt::AlignVCenter,
                          QFontMetricsF(font).elidedText(line.name, Qt::ElideRight, m_nameWidth));
        painter->setFont(m_font);
        painter->setPen(dim);
        painter->drawText(QRectF(typeX, y, typeWidth, m_lineHeight),
                          Qt::AlignVCenter | Qt::AlignRight,
                          fm.elidedText(line.type, Qt::ElideRight, typeWidth));
        y += m_lineHeight;
    }
}

QVariant ErDiagram::Box::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (Arrow *arrow : std::as_const(m_arrows))
            arrow->adjust();
    }
    return QGraphicsItem::itemChange(change, value);
}

ErDiagram::ErDiagram(Session *session, QWidget *parent)
    : QGraphicsView(parent), m_session(session), m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundRole(QPalette::Window);
    if (m_session) {
        connect(m_session, &Session::opened, this, &ErDiagram::rebuild);
        connect(m_session, &Session::closed, this, &ErDiagram::clear);
    }
    rebuild();
}

ErDiagram::~ErDiagram() = default;

void ErDiagram::clear()
{
    m_scene->clear(); // deletes the items
    m_boxes.clear();
    m_arrows.clear();
    m_scene->setSceneRect(QRectF());
}

void ErDiagram::rebuild()
{
    clear();
    if (!m_session || !m_session->isOpen())
        return;
    const Registry *registry = m_session->registry();
    for (const QString &name : m_session->entities()) {
        if (const EntityInfo *entity = m_session->entity(name)) {
            auto *box = new Box(*entity, font(), palette());
            m_scene->addItem(box);
            m_boxes.insert(name, box);
        }
    }
    for (const QString &name : m_session->entities()) {
        const EntityInfo *entity = m_session->entity(name);
        if (!entity)
            continue;
        QSet<QString> covered; // referencing columns a foreign key already draws
        for (const ForeignKeyInfo &fk : entity->foreignKeys) {
            const EntityInfo *target = registry->findByTable(fk.referencedTable);
            if (!target || !m_boxes.contains(target->name))
                continue;
            for (const QString &c : fk.columns)
                covered.insert(c);
            m_arrows << new Arrow(m_boxes.value(name), m_boxes.value(target->name),
                                  Edge{name, target->name, fk.name, fk.columns, true}, palette());
        }
        for (const RelationInfo &r : entity->relations) {
            if (r.kind != RelationInfo::BelongsTo || covered.contains(r.foreignKey) ||
                !m_boxes.contains(r.target))
                continue;
            covered.insert(r.foreignKey);
            m_arrows << new Arrow(m_boxes.value(name), m_boxes.value(r.target),
                                  Edge{name, r.target, r.name, {r.foreignKey}, false}, palette());
        }
    }
    for (Arrow *arrow : std::as_const(m_arrows))
        m_scene->addItem(arrow);
    layOut();
    m_autoFit = true;
    fitToView();
}

void ErDiagram::layOut()
{
    // Each entity's layer: 0 when it references nothing, else one below its deepest reference.
    QHash<QString, QSet<QString>> references;
    for (const Arrow *arrow : std::as_const(m_arrows)) {
        if (arrow->from() != arrow->to())
            references[arrow->edge().from].insert(arrow->edge().to);
    }
    QHash<QString, int> layerOf;
    QSet<QString> visiting;
    const std::function<int(const QString &)> layer = [&](const QString &name) -> int {
        if (const auto it = layerOf.constFind(name); it != layerOf.constEnd())
            return *it;
        if (visiting.contains(name))
            return -1; // a cycle: ignore the reference that closes it
        visiting.insert(name);
        int result = 0;
        for (const QString &target : references.value(name))
            result = std::max(result, layer(target) + 1);
        visiting.remove(name);
        layerOf.insert(name, result);
        return result;
    };
    QStringList names = m_boxes.keys();
    names.sort(Qt::CaseInsensitive);
    int layers = 0;
    for (const QString &name : std::as_const(names))
        layers = std::max(layers, layer(name) + 1);

    // Layers top to bottom, referenced entities first, in rows of at most perRow boxes centred
    // on x = 0. Within a layer, boxes are ordered by the mean position of their neighbours (what
    // they reference, then what references them), sweeping down, up and down again: arrows stay
    // short and cross little.
    QHash<QString, QSet<QString>> referencedBy;
    for (auto it = references.cbegin(); it != references.cend(); ++it) {
        for (const QString &target : it.value())
            referencedBy[target].insert(it.key());
    }
    QList<QStringList> order(layers);
    for (const QString &name : std::as_const(names))
        order[layerOf.value(name)] << name;
    const int perRow = std::max(6, int(std::ceil(std::sqrt(qreal(names.size())) * 1.5)));
    QHash<QString, qreal> centreX;
    const auto placeAll = [&] {
        qreal y = 0;
        for (const QStringList &layer : std::as_const(order)) {
            for (qsizetype first = 0; first < layer.size(); first += perRow) {
                const QStringList row = layer.mid(first, perRow);
                qreal width = -horizontalGap;
                for (const QString &name : row)
                    width += m_boxes.value(name)->boundingRect().width() + horizontalGap;
                qreal x = -width / 2;
                qreal height = 0;
                for (const QString &name : row) {
                    Box *box = m_boxes.value(name);
                    box->setPos(std::round(x), y);
                    centreX.insert(name, x + box->boundingRect().width() / 2);
                    x += box->boundingRect().width() + horizontalGap;
                    height = std::max(height, box->boundingRect().height());
                }
                y += std::ceil(height) + verticalGap;
            }
        }
    };
    const auto sortLayer = [&](QStringList &layer, const QHash<QString, QSet<QString>> &links) {
        QList<std::pair<qreal, QString>> keyed;
        for (const QString &name : std::as_const(layer)) {
            qreal sum = 0;
            int count = 0;
            for (const QString &other : links.value(name)) {
                sum += centreX.value(other);
                ++count;
            }
            keyed.push_back({count ? sum / count : centreX.value(name), name});
        }
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (qsizetype i = 0; i < keyed.size(); ++i)
            layer[i] = keyed.at(i).second;
        placeAll();
    };
    placeAll();
    for (int l = 1; l < layers; ++l)
        sortLayer(order[l], references);
    for (int l = layers - 2; l >= 0; --l)
        sortLayer(order[l], referencedBy);
    for (int l = 1; l < layers; ++l)
        sortLayer(order[l], references);

    // Arrows between the same two boxes side by side.
    QHash<QString, QList<Arrow *>> pairs;
    for (Arrow *arrow : std::as_const(m_arrows)) {
        QStringList key{arrow->edge().from, arrow->edge().to};
        key.sort();
        pairs[key.join(u'\n')] << arrow;
    }
    for (const QList<Arrow *> &group : std::as_const(pairs)) {
        for (qsizetype i = 0; i < group.size(); ++i)
            group.at(i)->setParallel(int(i), int(group.size()));
    }
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-40, -40, 40, 40));
}

QStringList ErDiagram::entities() const
{
    QStringList names = m_boxes.keys();
    names.sort(Qt::CaseInsensitive);
    return names;
}

QRectF ErDiagram::entityRect(const QString &name) const
{
    const Box *box = m_boxes.value(name);
    return box ? box->sceneBox() : QRectF();
}

QList<ErDiagram::Edge> ErDiagram::edges() const
{
    QList<Edge> result;
    for (const Arrow *arrow : m_arrows)
        result << arrow->edge();
    return result;
}

QString ErDiagram::entityAt(const QPoint &viewportPos) const
{
    for (QGraphicsItem *item : items(viewportPos)) {
        if (item->type() == Box::Type)
            return static_cast<Box *>(item)->name();
    }
    return {};
}

qreal ErDiagram::zoom() const
{
    return transform().m11();
}

void ErDiagram::fitToView()
{
    m_autoFit = true;
    if (m_boxes.isEmpty())
        return;
    const QRectF bounds = m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    fitInView(bounds, Qt::KeepAspectRatio);
    if (zoom() > 1) { // small diagrams stay at their natural size
        resetTransform();
        centerOn(bounds.center());
    }
}

void ErDiagram::zoomBy(qreal factor)
{
    m_autoFit = false;
    const qreal current = zoom();
    const qreal target = std::clamp(current * factor, minZoom, maxZoom);
    if (current > 0)
        scale(target / current, target / current);
}

void ErDiagram::zoomIn()
{
    zoomBy(1.25);
}

void ErDiagram::zoomOut()
{
    zoomBy(1 / 1.25);
}

void ErDiagram::resetZoom()
{
    m_autoFit = false;
    resetTransform();
}

void ErDiagram::showEntity(const QString &name)
{
    Box *box = m_boxes.value(name);
    if (!box)
        return;
    m_scene->clearSelection();
    box->setSelected(true);
    ensureVisible(box);
}

void ErDiagram::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y();
        if (steps != 0)
            zoomBy(std::pow(1.0015, steps));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void ErDiagram::mousePressEvent(QMouseEvent *event)
{
    // Dragging the background pans; dragging a box moves it.
    if (event->button() == Qt::LeftButton && entityAt(event->position().toPoint()).isEmpty())
        setDragMode(QGraphicsView::ScrollHandDrag);
    QGraphicsView::mousePressEvent(event);
}

void ErDiagram::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    setDragMode(QGraphicsView::NoDrag);
}

void ErDiagram::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QString name = entityAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && !name.isEmpty()) {
        event->accept();
        emit entityActivated(name);
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
    event->accept(); // the diagram's, even on the background
}

void ErDiagram::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitToView();
}

void ErDiagram::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (m_autoFit)
        fitToView();
}

} // namespace RexOrm::Admin
