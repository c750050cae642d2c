namespace Hub.Checkout;

internal static partial class CheckoutAssets
{
    public const string Script = """
        (function () {
          'use strict';
          var cfg = JSON.parse(document.getElementById('checkout-config').textContent);
          var T = cfg.texts;
          var ENDS = ['paid', 'failed', 'canceled', 'expired', 'refunded', 'chargedback'];
          var pollTimer = null, countdownTimer = null, operatorTimer = null;
          function $(id) { return document.getElementById(id); }
          function setText(id, text) { var e = $(id); if (e) { e.textContent = text || ''; } }

          function showStep(method) {
            Array.prototype.forEach.call(document.querySelectorAll('[data-step]'), function (s) { s.hidden = s.id !== 'step-' + method; });
          }
          Array.prototype.forEach.call(document.querySelectorAll('input[name=method]'), function (r) {
            r.addEventListener('change', function () { showStep(r.value); });
          });
          var first = document.querySelector('input[name=method]:checked');
          if (first) { showStep(first.value); }

          function post(url, body) {
            return fetch(url, { method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
              .then(function (r) { return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, body: j }; }); });
          }

          var FIELD_TEXT = { 'card.number': 'badNumber', 'card.expMonth': 'badExpiry', 'card.expYear': 'badExpiry', 'card.cvc': 'badCvc', 'payer.phone': 'badPhone', 'phone': 'badPhone' };
          function problemText(p) {
            if (p && p.errors) {
              var fields = Object.keys(p.errors);
              for (var i = 0; i < fields.length; i++) { if (FIELD_TEXT[fields[i]]) { return T[FIELD_TEXT[fields[i]]]; } }
            }
            return (p && p.detail) || T.error;
          }

          function lock() {
            var methods = $('methods'); if (methods) { methods.hidden = true; }
          }

          function begin(payment) {
            lock();
            var step = payment.method;
            if (step === 'pix' && (payment.qrCode || (payment.nextAction && payment.nextAction.qrCode))) {
              showPix(payment);
            } else {
              showStep('none');
              $('progress').hidden = false;
              setText('progress-title', step === 'mobile_money' ? T.approve : T.waiting);
              setText('progress-status', T['status_' + payment.status] || T.waiting);
            }
            poll();
          }

          function showPix(payment) {
            showStep('pix');
            $('pix-pay').hidden = true;
            $('pix-qr').hidden = false;
            $('pix-img').src = '/v1/payments/' + encodeURIComponent(payment.id) + '/qr.png';
            $('pix-code').value = payment.qrCode || payment.nextAction.qrCode;
            var expiresAt = payment.expiresAt || (payment.nextAction && payment.nextAction.expiresAt);
            if (expiresAt) { countdown(Date.parse(expiresAt)); }
          }

          function countdown(until) {
            clearInterval(countdownTimer);
            function tick() {
              var left = Math.max(0, Math.floor((until - Date.now()) / 1000));
              var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
              setText('pix-countdown', (h > 0 ? h + ':' : '') + (m < 10 && h > 0 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s);
              if (left === 0) { clearInterval(countdownTimer); setText('pix-error', T.status_expired); }
            }
            tick();
            countdownTimer = setInterval(tick, 1000);
          }

          function poll() {
            clearTimeout(pollTimer);
            fetch(cfg.statusUrl, { cache: 'no-store', credentials: 'omit' })
              .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
              .then(function (r) {
                if (r.status === 410) { location.reload(); return; }
                var s = r.body;
                if (s.paymentStatus && !$('progress').hidden) { setText('progress-status', T['status_' + s.paymentStatus] || s.paymentStatus); }
                if (s.redirectUrl) {
                  $('progress').hidden = false;
                  setText('progress-title', T['status_' + s.paymentStatus] || s.paymentStatus);
                  setText('progress-status', T.returning);
                  setTimeout(function () { location.assign(s.redirectUrl); }, 800);
                  return;
                }
                pollTimer = setTimeout(poll, 1500);
              })
              .catch(function () { pollTimer = setTimeout(poll, 3000); });
          }

          function pay(body, errorId, button) {
            setText(errorId, '');
            if (button) { button.disabled = true; }
            return post(cfg.payUrl, body).then(function (r) {
              if (r.status === 200 || r.status === 201) { begin(r.body); return; }
              if (r.status === 409 && r.body.code === 'IDEMPOTENCY_KEY_IN_USE') { lock(); poll(); return; }
              if (r.status === 410 || r.status === 409) { location.reload(); return; }
              if (button) { button.disabled = false; }
              setText(errorId, problemText(r.body));
            }, function () { if (button) { button.disabled = false; } setText(errorId, T.error); });
          }

          // Mobile money: the operator from the prefix (the hub's routing), then the prompt on the phone.
          var phone = $('phone');
          if (phone) {
            var lookUp = function () {
              var value = phone.value.trim();
              if (value.replace(/\D/g, '').length < 8) { setText('operator', ''); return; }
              post(cfg.operatorUrl, { phone: value }).then(function (r) {
                if (r.status === 200) { setText('operator', T.operator + ': ' + r.body.operator); phone.removeAttribute('aria-invalid'); }
                else { setText('operator', r.body.code === 'NO_ROUTE' ? T.operatorUnknown : T.badPhone); }
              });
            };
            phone.addEventListener('input', function () { clearTimeout(operatorTimer); operatorTimer = setTimeout(lookUp, 350); });
            if (phone.value) { lookUp(); }
            $('mm-form').addEventListener('submit', function (e) {
              e.preventDefault();
              if (!phone.value.trim()) { phone.setAttribute('aria-invalid', 'true'); setText('mm-error', T.badPhone); phone.focus(); return; }
              pay({ method: 'mobile_money', phone: phone.value.trim() }, 'mm-error', $('mm-pay'));
            });
          }

          var pixPay = $('pix-pay');
          if (pixPay) {
            pixPay.addEventListener('click', function () { pay({ method: 'pix' }, 'pix-error', pixPay); });
            $('pix-copy').addEventListener('click', function () {
              var code = $('pix-code');
              var done = function () { $('pix-copy').textContent = T.copied; };
              if (navigator.clipboard && navigator.clipboard.writeText) {
                navigator.clipboard.writeText(code.value).then(done, function () { code.select(); document.execCommand('copy'); done(); });
              } else { code.select(); document.execCommand('copy'); done(); }
            });
          }

          // Card: brand, Luhn and expiry here; the hub checks them again and sends the card to the connector only.
          function brand(digits) {
            if (/^(4011|4312|4389|4514|4576|5041|5066|5067|509|6277|6362|6363|650|6516|6550)/.test(digits)) { return 'Elo'; }
            if (/^(606282|3841)/.test(digits)) { return 'Hipercard'; }
            if (/^3[47]/.test(digits)) { return 'American Express'; }
            if (/^(5[1-5]|2[2-7])/.test(digits)) { return 'Mastercard'; }
            if (/^4/.test(digits)) { return 'Visa'; }
            return '';
          }
          function luhn(digits) {
            var sum = 0, double = false;
            for (var i = digits.length - 1; i >= 0; i--) {
              var d = digits.charCodeAt(i) - 48;
              if (double) { d *= 2; if (d > 9) { d -= 9; } }
              sum += d; double = !double;
            }
            return digits.length >= 13 && digits.length <= 19 && sum % 10 === 0;
          }
          function expiry(text) {
            var m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
            if (!m) { return null; }
            var month = parseInt(m[1], 10), year = parseInt(m[2], 10);
            if (year < 100) { year += 2000; }
            var now = new Date();
            if (month < 1 || month > 12 || year > now.getFullYear() + 30) { return null; }
            if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) { return null; }
            return { month: month, year: year };
          }
          function invalid(input, on) { if (on) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); } }
          var number = $('card-number');
          if (number) {
            number.addEventListener('input', function () {
              var digits = number.value.replace(/\D/g, '').slice(0, 19);
              number.value = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
              setText('card-brand', brand(digits));
            });
            $('card-form').addEventListener('submit', function (e) {
              e.preventDefault();
              var digits = number.value.replace(/\D/g, ''), exp = expiry($('card-expiry').value), cvc = $('card-cvc').value.trim();
              invalid(number, !luhn(digits)); invalid($('card-expiry'), !exp); invalid($('card-cvc'), !/^\d{3,4}$/.test(cvc));
              if (!luhn(digits)) { setText('card-error', T.badNumber); number.focus(); return; }
              if (!exp) { setText('card-error', T.badExpiry); $('card-expiry').focus(); return; }
              if (!/^\d{3,4}$/.test(cvc)) { setText('card-error', T.badCvc); $('card-cvc').focus(); return; }
              var card = { number: digits, expMonth: exp.month, expYear: exp.year, cvc: cvc };
              var holder = $('card-holder').value.trim();
              if (holder) { card.holderName = holder; }
              pay({ method: 'card', card: card }, 'card-error', $('card-pay'));
            });
          }

          if (cfg.payment) { begin(cfg.payment); }
        })();
        """;
}
