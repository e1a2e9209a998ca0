/**
 * The library's stage: a calm, drawn backdrop (an evidence board) that proves the canvas is
 * alive. Scenario scenes are drawn by the investigation scene from the session view. The cards
 * sway only where motion is welcome and cheap; otherwise the board is drawn once and the loop
 * sleeps (idle.ts).
 */
import * as Phaser from 'phaser';
import type { SceneBus } from './bus';
import { ambientMotion, IdleLoop } from './idle';

export const previewSceneKey = 'preview';

export class PreviewScene extends Phaser.Scene {
  private readonly bus: SceneBus;
  private idle?: IdleLoop;

  constructor(bus: SceneBus) {
    super({ key: previewSceneKey });
    this.bus = bus;
  }

  create(): void {
    const { width, height } = this.scale;
    this.idle = new IdleLoop(this);
    const sway = ambientMotion(this.game);
    // Drawn for a 200 px high board; a lower board scales the cards down with it.
    const size = Math.min(1, height / 200);
    const board = this.add.graphics();
    board.fillGradientStyle(0x1e293b, 0x1e293b, 0x0f172a, 0x0f172a, 1);
    board.fillRect(0, 0, width, height);
    // Cards pinned to the board and joined by string, as on an investigator's wall.
    const cards = [
      { x: width * 0.18, y: height * 0.32 },
      { x: width * 0.5, y: height * 0.22 },
      { x: width * 0.8, y: height * 0.38 },
      { x: width * 0.34, y: height * 0.72 },
      { x: width * 0.68, y: height * 0.74 },
    ];
    const string = this.add.graphics();
    string.lineStyle(2, 0xdc2626, 0.8);
    for (let index = 1; index < cards.length; index += 1) {
      const from = cards[index - 1]!;
      const to = cards[index]!;
      string.lineBetween(from.x, from.y, to.x, to.y);
    }
    cards.forEach((card, index) => {
      const paper = this.add
        .rectangle(card.x, card.y, 84 * size, 60 * size, 0xf8fafc)
        .setAngle((index % 2 ? 1 : -1) * 4);
      paper.setStrokeStyle(1, 0xcbd5e1);
      this.add.circle(card.x, card.y - 26 * size, 5 * size, 0xdc2626);
      if (!sway) return;
      this.tweens.add({
        targets: paper,
        angle: paper.angle * -1,
        duration: 4000 + index * 500,
        yoyo: true,
        repeat: -1,
        ease: 'Sine.easeInOut',
      });
    });
    const type = this.game.renderer.type === Phaser.WEBGL ? 'webgl' : 'canvas';
    this.bus.emit('stage:ready', { width, height, renderer: type });
  }

  override update(time: number): void {
    this.idle?.tick(time);
  }
}
