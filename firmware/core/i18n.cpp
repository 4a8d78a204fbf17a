#include "i18n.h"

namespace rd {

static const Strings kRu = {
    "СВОБОДНО",
    "ЗАНЯТО",
    "до %s",
    "до конца дня",
    "Сегодня встреч больше нет",
    "…и ещё %d",
    "Занято",
    "Подтвердите бронь",
    "Отсканируйте QR-код, иначе бронь скоро снимется",
    "Батарея разряжена",
    "Переговорная",
    "НЕТ СЕТИ",
    "Расписание недоступно",
    "Табличка повторит попытку сама. Забронировать комнату можно в Telegram-боте.",
    "Код: %s",
    "НЕ АКТИВНА",
    "Не зарегистрирована",
    "Администратор: зарегистрируйте табличку в Telegram-боте по её ID:",
    "Табличка переговорной",
    {"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"},
    {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
     "октября", "ноября", "декабря"},
};

static const Strings kEn = {
    "FREE",
    "BUSY",
    "until %s",
    "for the rest of the day",
    "No more meetings today",
    "…and %d more",
    "Busy",
    "Please check in",
    "Scan the QR code or the booking will be released soon",
    "Battery low",
    "Meeting room",
    "OFFLINE",
    "Schedule unavailable",
    "The display will retry by itself. Rooms can be booked in the Telegram bot.",
    "Code: %s",
    "INACTIVE",
    "Not registered",
    "Admin: register this display in the Telegram bot using its ID:",
    "Room display",
    {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
};

const Strings& strings_for(Lang lang) { return lang == Lang::En ? kEn : kRu; }

}  // namespace rd
