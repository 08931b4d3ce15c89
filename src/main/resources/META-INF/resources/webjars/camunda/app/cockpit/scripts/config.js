/*
 * Copyright Camunda Services GmbH and/or licensed to Camunda Services GmbH
 * under one or more contributor license agreements. See the NOTICE file
 * distributed with this work for additional information regarding copyright
 * ownership. Camunda licenses this file to you under the Apache License,
 * Version 2.0; you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// ---------------------------------------------------------------------------
// Bihuan: Simplified Chinese (zh) is the default language, English (en) stays
// selectable. See docs/webapp-localization.md.
//
// Camunda 7 picks the language from the browser (navigator.languages[0]) if it
// is in `availableLocales`, else it uses `fallbackLocale`; it has no language
// menu of its own. So we declare only the language chosen here: Chinese unless
// the user chose English, whatever the browser says. The choice is kept in
// localStorage (shared by Tasklist, Cockpit, Admin and Welcome) and is made
// with the "English" / "中文" link in the page footer, or with ?lang=en /
// ?lang=zh in the address.
// This block is identical in the four apps' config.js.
// ---------------------------------------------------------------------------
const SUPPORTED_LOCALES = ['zh', 'en']; // the first one is the default
const LOCALE_STORAGE_KEY = 'bihuan.webapp.locale';
const LOCALE_SWITCH_LABELS = {zh: '中文', en: 'English'};

function localeStore() {
  try {
    return window.localStorage;
  } catch (e) {
    return null; // storage disabled: always the default language
  }
}

function requestedLocale() {
  const hash = window.location.hash;
  const hashQuery = hash.indexOf('?') >= 0 ? hash.slice(hash.indexOf('?')) : '';
  return (
    new URLSearchParams(window.location.search).get('lang') ||
    new URLSearchParams(hashQuery).get('lang')
  );
}

function chooseLocale() {
  const store = localeStore();
  const requested = requestedLocale();
  if (SUPPORTED_LOCALES.indexOf(requested) >= 0) {
    if (store) store.setItem(LOCALE_STORAGE_KEY, requested);
    return requested;
  }
  const stored = store && store.getItem(LOCALE_STORAGE_KEY);
  return SUPPORTED_LOCALES.indexOf(stored) >= 0 ? stored : SUPPORTED_LOCALES[0];
}

function switchLocale(locale) {
  const store = localeStore();
  if (store) store.setItem(LOCALE_STORAGE_KEY, locale);
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) url.searchParams.delete('lang');
  const hashQuery = url.hash.indexOf('?');
  if (hashQuery >= 0) {
    const params = new URLSearchParams(url.hash.slice(hashQuery));
    params.delete('lang');
    const rest = params.toString();
    url.hash = url.hash.slice(0, hashQuery) + (rest ? '?' + rest : '');
  }
  window.history.replaceState(window.history.state, '', url.toString());
  window.location.reload();
}

// a link to the other language, next to the time zone in the footer
function addLocaleSwitch(current) {
  const other = SUPPORTED_LOCALES.filter(l => l !== current)[0];
  const insert = () => {
    const target = document.getElementById('footer-timezone');
    if (!target) return false;
    if (target.querySelector('.bihuan-locale-switch')) return true;
    const link = document.createElement('a');
    link.className = 'bihuan-locale-switch';
    link.setAttribute('role', 'button');
    link.setAttribute('tabindex', '0');
    link.setAttribute('lang', other === 'zh' ? 'zh-CN' : other);
    link.style.cursor = 'pointer';
    link.style.marginLeft = '1em';
    link.title = current === 'zh' ? '切换为英文界面' : 'Switch to Chinese';
    link.textContent = LOCALE_SWITCH_LABELS[other];
    link.addEventListener('click', () => switchLocale(other));
    link.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') switchLocale(other);
    });
    target.appendChild(link);
    return true;
  };
  if (insert()) return;
  const observer = new MutationObserver(() => {
    if (insert()) observer.disconnect();
  });
  observer.observe(document.body, {childList: true, subtree: true});
}

const LOCALE = chooseLocale();
document.documentElement.setAttribute('lang', LOCALE === 'zh' ? 'zh-CN' : LOCALE);
addLocaleSwitch(LOCALE);
// ---------------------------------------------------------------------------

export default {
  // Bihuan: the language chosen above (Chinese by default), see docs/webapp-localization.md
  locales: {
    availableLocales: [LOCALE],
    fallbackLocale: LOCALE
  },
  // Bihuan: Chinese application name in the header and page title when the language is Chinese
  ...(LOCALE === 'zh' ? {app: {vendor: 'Camunda', name: '流程监控'}} : {}),

  // // change the app name and vendor
  // app: {
  //   name: 'Operations',
  //   vendor: 'Company'
  // },
  // customScripts: [
  //   // If you have a folder called 'my-custom-script' (in the 'cockpit' folder)
  //   // with a file called 'customScript.js' in it
  //   // 'my-custom-script/customScript'
  // ],
  // requireJsConfig: {
  //   // AngularJS module names
  //   ngDeps: ['ui.bootstrap'],
  //   // RequireJS configuration for a complete configuration documentation see:
  //   // http://requirejs.org/docs/api.html#config
  //   deps: ['jquery', 'custom-ui'],
  //   paths: {
  //     // if you have a folder called `custom-ui` (in the `cockpit` folder)
  //     // with a file called `scripts.js` in it and defining the `custom-ui` AMD module
  //     'custom-ui': 'custom-ui/scripts'
  //   }
  // },
  // historicActivityInstanceMetrics: {
  //   adjustablePeriod: true,
  //   //select from the default time period: day, week, month, complete
  //   period: {
  //     unit: 'week'
  //   }
  // },
  // runtimeActivityInstanceMetrics: {
  //   display: true
  // },
  // 'locales': {
  //   'availableLocales': ['en', 'de'],
  //   'fallbackLocale': 'en'
  // },
  // skipCustomListeners: {
  //   default: true,
  //   hidden: false
  // },
  // skipIoMappings: {
  //   default: true,
  //   hidden: false
  // },
  // cascade: {
  //   default: false
  // },
  // 'batchOperation' : {
  //   // select mode of query for process instances or decision instances
  //   // possible values: filter, search
  //   'mode': 'filter',
  //
  //   // select if Historic Batches should be loaded automatically when navigating to #/batch
  //   'autoLoadEnded': true
  // },
  // bpmnJs: {
  //   moddleExtensions: {
  //     // if you have a folder called 'my-custom-moddle' (in the 'cockpit' folder)
  //     // with a file called 'camunda.json' in it defining the 'camunda' moddle extension
  //     camunda: 'my-custom-moddle/camunda'
  //   },
  //   additionalModules: [
  //     // if you have a folder called 'my-custom-module' (in the 'cockpit' folder)
  //     // with a file called 'module.js' in it
  //     'my-custom-module/module'
  //   ],
  // },
  // defaultFilter: {
  //   historicProcessDefinitionInstancesSearch: {
  //     lastDays: 5,
  //     event: 'started'
  //   }
  // },
  // csrfCookieName: 'XSRF-TOKEN',
  // disableWelcomeMessage: false,
  // userOperationLogAnnotationLength: 5000,
  // previewHtml: true
};
