"""A layout that puts its widgets in a row and wraps onto the next row when the row is full
(Qt's flow layout example, for a row of jump letters that must never be cut)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8, *,
                 align_right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._right = align_right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def spacing(self) -> int:
        return self._gap

    def setSpacing(self, spacing: int) -> None:  # noqa: N802 - Qt API
        self._gap = spacing
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, *, move: bool) -> int:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            width = item.sizeHint().width()
            if rows[-1] and used + self._gap + width > rect.width():
                rows.append([])
                used = 0
            used += (self._gap if rows[-1] else 0) + width
            rows[-1].append(item)
        y = rect.y()
        for row in rows:
            if not row:
                continue
            total = sum(i.sizeHint().width() for i in row) + self._gap * (len(row) - 1)
            x = rect.x() + (max(0, rect.width() - total) if self._right else 0)
            height = max(i.sizeHint().height() for i in row)
            for item in row:
                hint = item.sizeHint()
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(hint.width(), height)))
                x += hint.width() + self._gap
            y += height + self._gap
        return max(0, y - self._gap - rect.y())
