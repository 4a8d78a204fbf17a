/**
 * Built-in synonyms and abbreviations of Russian (and a few neighbouring)
 * cities, the usual names of company offices.
 *
 * A group joins an option when one of the option's labels or synonyms is one
 * of the group's names (after normalisation, any script), or contains one of
 * its `names` as words ("Офис в Санкт-Петербурге", "Москва-Сити"). Its words
 * then count as that option's synonyms.
 */
export interface CityGroup {
  /** Full names; a label that contains one of these as words joins the group. */
  names: readonly string[];
  /** Abbreviations, nicknames, old names, romanisations: only a whole label equal to one joins the group. */
  synonyms: readonly string[];
}

export const CITY_SYNONYMS: readonly CityGroup[] = [
  {
    names: ['Санкт-Петербург', 'Saint Petersburg', 'St Petersburg', 'Sankt-Peterburg'],
    synonyms: [
      'Петербург',
      'Petersburg',
      'Питер',
      'Piter',
      'СПб',
      'SPb',
      'Ленинград',
      'Leningrad',
      'Северная столица',
      'С-Петербург',
      'S-Petersburg',
      'Санкт-Питер',
    ],
  },
  { names: ['Москва', 'Moscow', 'Moskva'], synonyms: ['Мск', 'Msk', 'Moskow'] },
  {
    names: ['Екатеринбург', 'Yekaterinburg', 'Ekaterinburg'],
    synonyms: ['Екб', 'Ekb', 'Екат', 'Ekat', 'Свердловск', 'Sverdlovsk'],
  },
  { names: ['Новосибирск', 'Novosibirsk'], synonyms: ['Нск', 'Nsk', 'Новосиб', 'Novosib'] },
  { names: ['Казань', 'Kazan'], synonyms: ['Кзн', 'Kzn'] },
  { names: ['Нижний Новгород', 'Nizhny Novgorod'], synonyms: ['НН', 'NN', 'Нижний Н', 'Нижн Новгород', 'Горький', 'Gorky'] },
  { names: ['Ростов-на-Дону', 'Rostov-on-Don'], synonyms: ['Ростов', 'Rostov', 'РнД', 'RnD', 'Ростов на Дону'] },
  { names: ['Краснодар', 'Krasnodar'], synonyms: ['Крд', 'Krd'] },
  { names: ['Красноярск', 'Krasnoyarsk'], synonyms: ['Крск', 'Krsk'] },
  { names: ['Челябинск', 'Chelyabinsk'], synonyms: ['Челяба', 'Chelyaba', 'Чел', 'Chel'] },
  { names: ['Самара', 'Samara'], synonyms: ['Куйбышев', 'Kuybyshev', 'Смр', 'Smr'] },
  { names: ['Пермь', 'Perm'], synonyms: [] },
  { names: ['Воронеж', 'Voronezh'], synonyms: ['Врн', 'Vrn'] },
  { names: ['Уфа', 'Ufa'], synonyms: [] },
  { names: ['Омск', 'Omsk'], synonyms: [] },
  { names: ['Калининград', 'Kaliningrad'], synonyms: ['Клд', 'Kld', 'Кёнигсберг', 'Konigsberg'] },
  { names: ['Владивосток', 'Vladivostok'], synonyms: ['Владик', 'Vladik', 'Влд'] },
  { names: ['Тюмень', 'Tyumen'], synonyms: [] },
  { names: ['Иннополис', 'Innopolis'], synonyms: [] },
  { names: ['Минск', 'Minsk'], synonyms: [] },
  { names: ['Алматы', 'Almaty'], synonyms: ['Алма-Ата', 'Alma-Ata'] },
];
